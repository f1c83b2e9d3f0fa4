import { Ctx, Field, ObjectType, Query, Resolver } from "type-graphql";
import type { Context } from "../platform/context.js";

@ObjectType({ description: "What this API instance offers; readable without signing in." })
export class ServerInfo {
  @Field({
    description:
      "True when the built-in Twilio simulator runs (development without Twilio credentials): /dev/customer-phone lets a person text and call the account as a customer.",
  })
  simulator: boolean;
}

@Resolver()
export class ServerInfoResolver {
  @Query(() => ServerInfo)
  serverInfo(@Ctx() ctx: Context): ServerInfo {
    return { simulator: !ctx.config.twilio && ctx.config.nodeEnv !== "production" };
  }
}

import { Arg, Ctx, Field, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { Account } from "../accounts/account.model.js";
import { getAccount } from "../accounts/account.service.js";
import { requireViewer, type Context } from "../platform/context.js";
import { agentById } from "./agent.loader.js";
import { Agent } from "./agent.model.js";
import { login } from "./auth.service.js";
import { SESSION_COOKIE, SESSION_TTL_SECONDS } from "./tokens.js";

@ObjectType({ description: "A signed-in agent's session." })
class AuthPayload {
  @Field({ description: "Send as `Authorization: Bearer <token>` (it is also set as an httpOnly cookie)." })
  token: string;

  @Field(() => Agent)
  agent: Agent;
}

@ObjectType({ description: "Who is calling: always an account; an agent when signed in (null for API keys)." })
class Viewer {
  @Field(() => Account)
  account: Account;

  @Field(() => Agent, { nullable: true })
  agent: Agent | null;
}

@Resolver()
class AuthResolver {
  @Query(() => Viewer, { description: "The caller: their account and, for agents, themselves." })
  async me(@Ctx() ctx: Context): Promise<Viewer> {
    const viewer = requireViewer(ctx);
    const [account, agent] = await Promise.all([
      getAccount(viewer.accountId),
      viewer.agentId ? ctx.loaders.get(agentById).load(String(viewer.agentId)) : null,
    ]);
    return { account, agent };
  }

  @Mutation(() => AuthPayload, { description: "Signs an agent in." })
  async login(@Arg("email") email: string, @Arg("password") password: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    const result = await login(email, password, ctx.config.sessionSecret);
    ctx.res?.cookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: "lax",
      secure: ctx.config.publicUrl.startsWith("https://"),
      maxAge: SESSION_TTL_SECONDS * 1000,
      path: "/",
    });
    return result;
  }

  @Mutation(() => Boolean, { description: "Clears the session cookie. Tokens expire on their own after 7 days." })
  logout(@Ctx() ctx: Context): boolean {
    ctx.res?.clearCookie(SESSION_COOKIE, { path: "/" });
    return true;
  }
}
export const authResolvers = [AuthResolver] as const;

import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { Account } from "../accounts/account.model.js";
import { getAccount } from "../accounts/account.service.js";
import { requireViewer, type Context, type Viewer as Caller } from "../platform/context.js";
import { forbidden } from "../platform/errors.js";
import { agentById } from "./agent.loader.js";
import { Agent } from "./agent.model.js";
import { ApiKey } from "./api-key.model.js";
import { createApiKey, listAgents, listApiKeys, login, logout, readCookie, revokeAgentSessions, revokeApiKey } from "./auth.service.js";
import { DEVICE_COOKIE, DEVICE_TTL_SECONDS, LoginThrottle } from "./login-throttle.js";
import { SESSION_COOKIE } from "./tokens.js";

@ObjectType({ description: "A signed-in agent's session." })
class AuthPayload {
  @Field({ description: "Send as `Authorization: Bearer <token>` (it is also set as an httpOnly cookie)." })
  token: string;

  @Field(() => Agent)
  agent: Agent;
}

@ObjectType({ description: "A new API key: `key` is shown only here, once. Store it now." })
class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey: ApiKey;

  @Field({ description: "Send as `Authorization: Bearer <key>`." })
  key: string;
}

/** People manage keys: an API key cannot list, create or revoke keys. */
function requireAgent(ctx: Context, what: string): Caller {
  const viewer = requireViewer(ctx);
  if (!viewer.agentId) throw forbidden(`Only a signed-in agent can ${what}; API keys cannot.`);
  return viewer;
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

  @Query(() => [Agent], { description: "The account's agents, by name: whom a conversation can be assigned to." })
  agents(@Ctx() ctx: Context): Promise<Agent[]> {
    return listAgents(requireViewer(ctx).accountId);
  }

  @Mutation(() => AuthPayload, {
    description:
      "Signs an agent in. Repeated failures slow further attempts (RATE_LIMITED with extensions.retryAfterSeconds), except from a browser that signed in as this agent before.",
  })
  async login(@Arg("email") email: string, @Arg("password") password: string, @Ctx() ctx: Context): Promise<AuthPayload> {
    const secret = ctx.config.sessionSecret;
    const result = await login(
      {
        email,
        password,
        client: { ip: ctx.req?.ip, device: readCookie(ctx.req?.headers.cookie, DEVICE_COOKIE), userAgent: ctx.req?.headers["user-agent"] },
      },
      { secret, throttle: new LoginThrottle(ctx.deps.limiter, secret) },
    );
    const cookie = { httpOnly: true, sameSite: "lax", secure: ctx.config.publicUrl.startsWith("https://"), path: "/" } as const;
    ctx.res?.cookie(SESSION_COOKIE, result.token, { ...cookie, expires: result.expiresAt });
    ctx.res?.cookie(DEVICE_COOKIE, result.deviceToken, { ...cookie, maxAge: DEVICE_TTL_SECONDS * 1000 });
    return result;
  }

  @Mutation(() => Boolean, {
    description:
      "Signs this session out: its token stops working at once, on every socket too, and the cookie is cleared. False if there was no session.",
  })
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    ctx.res?.clearCookie(SESSION_COOKIE, { path: "/" });
    return ctx.viewer ? logout(ctx.deps, ctx.viewer) : false;
  }

  @Mutation(() => Int, { description: "Signs the calling agent out of every session, this one included. Returns how many were open." })
  async signOutEverywhere(@Ctx() ctx: Context): Promise<number> {
    const viewer = requireAgent(ctx, "sign out everywhere");
    ctx.res?.clearCookie(SESSION_COOKIE, { path: "/" });
    return revokeAgentSessions(ctx.deps, viewer.accountId, viewer.agentId!);
  }

  @Query(() => [ApiKey], { description: "The account's API keys, newest first (revoked ones too). Agents only." })
  apiKeys(@Ctx() ctx: Context): Promise<ApiKey[]> {
    return listApiKeys(requireAgent(ctx, "list API keys").accountId);
  }

  @Mutation(() => CreatedApiKey, { description: "Creates an API key for the account. Agents only." })
  async createApiKey(@Arg("name", () => String, { nullable: true }) name: string | null, @Ctx() ctx: Context): Promise<CreatedApiKey> {
    const viewer = requireAgent(ctx, "create API keys");
    const { id, key } = await createApiKey(viewer.accountId, name ?? undefined);
    const [apiKey] = (await listApiKeys(viewer.accountId)).filter((k) => String(k._id) === id);
    return { apiKey, key };
  }

  @Mutation(() => ApiKey, { description: "Revokes an API key at once: requests with it fail and its open sockets close. Agents only." })
  revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<ApiKey> {
    return revokeApiKey(ctx.deps, requireAgent(ctx, "revoke API keys").accountId, id);
  }
}
export const authResolvers = [AuthResolver] as const;

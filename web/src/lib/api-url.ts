/** The API's GraphQL endpoint as the browser reaches it (HTTP); subscriptions use the same URL over ws(s). */
export const API_URL = process.env.NEXT_PUBLIC_API_URL || "http://localhost:4000/graphql";

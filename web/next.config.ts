import { createRequire } from "node:module";
import path from "node:path";
import type { NextConfig } from "next";
import { securityHeaders } from "./src/lib/security-headers";

const webDir = import.meta.dirname;
// rxjs (under Apollo Client) publishes its ES2015 build under the "es2015" export condition, which Turbopack does not
// use: without this alias the browser gets the ES5 build, larger and full of tslib helpers (≈2 kB gzipped per page).
const rxjsEs2015 = path.join(path.dirname(createRequire(path.join(webDir, "package.json")).resolve("rxjs/package.json")), "dist/esm/index.js");

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The e2e suite builds into its own folder (.next-e2e) so the developer's .next is never touched.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // On every response, static files included; the Content-Security-Policy, per page, is set in src/proxy.ts.
  headers: async () => [{ source: "/:path*", headers: securityHeaders({ development: process.env.NODE_ENV === "development" }) }],
  turbopack: {
    resolveAlias: { rxjs: `./${path.relative(webDir, rxjsEs2015).split(path.sep).join("/")}` },
  },
};

export default nextConfig;

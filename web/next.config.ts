import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // The e2e suite builds into its own folder (.next-e2e) so the developer's .next is never touched.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default nextConfig;

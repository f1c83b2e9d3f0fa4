import type { RequestHandler } from "express";

/** Lets the web console's origin (WEB_ORIGIN) call these routes from the browser, answering preflights. */
export function allowOrigin(origin: string, opts: { credentials?: boolean; headers: string }): RequestHandler {
  return (req, res, next) => {
    if (req.headers.origin === origin) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      if (opts.credentials) res.setHeader("Access-Control-Allow-Credentials", "true");
      res.setHeader("Vary", "Origin");
      if (req.method === "OPTIONS") {
        res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        res.setHeader("Access-Control-Allow-Headers", opts.headers);
        res.status(204).end();
        return;
      }
    }
    next();
  };
}

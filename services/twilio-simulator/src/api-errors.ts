/** Twilio's error answers: an HTTP status and a JSON body with Twilio's error code and its documentation link. */
import type { Request, Response } from "express";

export class TwilioApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendError(res: Response, err: TwilioApiError): void {
  res.status(err.httpStatus).json({
    code: err.code,
    message: err.message,
    more_info: `https://www.twilio.com/docs/errors/${err.code}`,
    status: err.httpStatus,
  });
}

export function notFound(req: Request): TwilioApiError {
  return new TwilioApiError(404, 20404, `The requested resource ${req.originalUrl.split("?")[0]} was not found`);
}

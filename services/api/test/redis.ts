import net from "node:net";

// CI sets REDIS_URL and must run the tests that need Redis. Elsewhere, a local Redis is used when one answers; without
// one those tests are skipped with a reason instead of failing a newcomer's `npm test`.
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export const redisAnswers: boolean = process.env.REDIS_URL
  ? true
  : await new Promise<boolean>((resolve) => {
      const socket = net.connect(6379, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
      socket.setTimeout(1000, () => {
        socket.destroy();
        resolve(false);
      });
    });

export const skippedWithoutRedis = (title: string) => (redisAnswers ? title : `${title} (skipped: no Redis on 127.0.0.1:6379 and REDIS_URL unset)`);

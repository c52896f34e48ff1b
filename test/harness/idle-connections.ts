/**
 * @module A helper process for the exhaustion harness: opens N idle connections to a port on loopback (each process
 * has its own file-descriptor limit, so several together can exceed the server's), holds them, prints `opened N`.
 */
import { connect } from "node:net";

const [port = "0", count = "0"] = process.argv.slice(2);
let opened = 0;
for (let i = 0; i < Number(count); i++) {
  await new Promise<void>((resolve) => {
    const socket = connect(Number(port), "127.0.0.1", () => {
      opened++;
      resolve();
    });
    socket.on("error", () => resolve());
    socket.resume();
  });
  if (i % 1000 === 999) console.log(`opened ${opened}`);
}
console.log(`done ${opened}`);
setInterval(() => {}, 1 << 30);

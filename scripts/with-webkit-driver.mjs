// Starts WebKitWebDriver on a free port, waits until it answers, runs the given command with
// WEBKIT_WEBDRIVER_PORT set, then stops the driver. Run it under `xvfb-run -a` so that MiniBrowser,
// which the driver launches, has a display.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const driver = spawn('WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore' });
const stop = () => driver.kill();
process.on('exit', stop);
let up = false;
for (let i = 0; i < 100 && !up; i++) {
  try {
    up = (await fetch(`http://127.0.0.1:${port}/status`)).ok;
  } catch {
    await sleep(100);
  }
}
if (!up) {
  console.error('WebKitWebDriver did not start');
  process.exit(1);
}
const [cmd, ...args] = process.argv.slice(2);
const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, WEBKIT_WEBDRIVER_PORT: String(port) } });
child.on('close', (code) => {
  stop();
  process.exit(code ?? 1);
});

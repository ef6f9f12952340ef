// Starts `sluice emulator` as a child process for the tests, and reads the fixture it serves.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

// Node 20 is what the machines have; the SDK's advice to upgrade is noise in the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const fixturePath = join(repoRoot, "src/Sluice.Bedrock.Emulator/Fixtures/demo.json");

/** The emulator's demo fixture, as the emulator reads it (it is passed with --config). */
export const fixture = JSON.parse(readFileSync(fixturePath, "utf8"));

let cliDll;

/** sluice.dll: $SLUICE_CLI_DLL when test.sh already built it, else one `dotnet build` of the CLI. */
function ensureCli() {
  if (cliDll) return cliDll;
  if (process.env.SLUICE_CLI_DLL) {
    cliDll = process.env.SLUICE_CLI_DLL;
  } else {
    const build = spawnSync("dotnet", ["build", join(repoRoot, "src/Sluice.Cli/Sluice.Cli.csproj"), "-c", "Release", "-nologo", "-v", "quiet", "-clp:ErrorsOnly"],
      { stdio: ["ignore", "inherit", "inherit"] });
    if (build.status !== 0) throw new Error(`dotnet build of src/Sluice.Cli failed (exit ${build.status})`);
    cliDll = join(repoRoot, "src/Sluice.Cli/bin/Release/net10.0/sluice.dll");
  }

  if (!existsSync(cliDll)) throw new Error(`${cliDll} does not exist`);
  return cliDll;
}

/** A running emulator: its base URL, and the request log it prints on stderr ("[emulator] HTTP/2 POST ... -> 200"). */
export class Emulator {
  #child;
  #requests = [];
  #waiters = [];

  #stderr = [];

  constructor(child) {
    this.#child = child;
    this.url = "";
  }

  static async start() {
    const child = spawn("dotnet", [ensureCli(), "emulator", "--port", "0", "--config", fixturePath], { stdio: ["ignore", "pipe", "pipe"] });
    const emulator = new Emulator(child);
    createInterface({ input: child.stderr }).on("line", (line) => emulator.#onStderr(line));
    emulator.url = await new Promise((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error("the emulator printed no URL within 60 s:\n" + emulator.#stderr.join("\n"))), 60_000);
      child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`the emulator exited with ${code}:\n${emulator.#stderr.join("\n")}`)); });
      createInterface({ input: child.stdout }).once("line", (line) => { clearTimeout(timer); resolveUrl(line.trim()); });
    });
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(emulator.url)) throw new Error(`unexpected first line: ${emulator.url}`);
    return emulator;
  }

  #onStderr(line) {
    this.#stderr.push(line);
    // Request lines only ("[emulator] HTTP/2 POST /model/... -> 200"); STS also logs each credential it issues.
    const request = /^\[emulator\] (HTTP\/[\d.]+ .*)$/.exec(line);
    if (!request) return;
    this.#requests.push(request[1]);
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** A position in the request log; pass it to nextRequest after a call. */
  mark() {
    return this.#requests.length;
  }

  /** The first request logged after `mark` (the log line is written once the response is done, so it may trail the SDK's result). */
  async nextRequest(mark, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (this.#requests.length <= mark) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("the emulator logged no request");
      await new Promise((wake) => {
        const timer = setTimeout(wake, left);
        this.#waiters.push(() => { clearTimeout(timer); wake(); });
      });
    }
    return this.#requests[mark];
  }

  /** Sends SIGTERM and returns the exit code (null when it did not exit within `timeoutMs`; then it is killed). */
  async stop(timeoutMs = 5_000) {
    if (this.#child.exitCode !== null) return this.#child.exitCode;
    const exited = once(this.#child, "exit");
    this.#child.kill("SIGTERM");
    const timer = new Promise((wake) => setTimeout(wake, timeoutMs, "timeout"));
    const result = await Promise.race([exited, timer]);
    if (result === "timeout") {
      this.#child.kill("SIGKILL");
      return null;
    }

    return result[0];
  }
}

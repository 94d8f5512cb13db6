// The command-line entry: `node dist/cli/run.js new-api-key …` or `… hash-password` (password on stdin).
import { hashPasswordCommand } from "./hash-password.js";
import { type CliOutcome, newApiKeyCommand } from "./new-api-key.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

const [command, ...rest] = process.argv.slice(2);
let outcome: CliOutcome;
if (command === "new-api-key") outcome = newApiKeyCommand(rest);
else if (command === "hash-password") outcome = await hashPasswordCommand(await readStdin());
else outcome = { out: [], err: ["commands: new-api-key, hash-password"], code: 2 };
for (const line of outcome.out) process.stdout.write(`${line}\n`);
for (const line of outcome.err) process.stderr.write(`${line}\n`);
process.exitCode = outcome.code;

import fc from "fast-check";

// Property tests are reproducible on demand: FC_SEED=<seed from a failure report> npm test
const seed = globalThis.process?.env["FC_SEED"];
fc.configureGlobal({
  ...(seed === undefined ? {} : { seed: Number(seed) }),
  interruptAfterTimeLimit: 20_000,
  markInterruptAsFailure: true,
});

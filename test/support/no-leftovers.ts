// Global setup: a test run leaves nothing of Liaison's in the system's temporary folder (servers' data folders,
// function folders, synthesized assemblies, list files). Whatever the run created there and left is named, and
// the run fails.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

const OURS = /^(liaison-|lambda-|cdk\.out|lists-)/;
const ours = () => new Set(readdirSync(tmpdir()).filter((name) => OURS.test(name)));

export default function setup() {
  const before = ours();
  return () => {
    const left = [...ours()].filter((name) => !before.has(name));
    if (!left.length) return;
    // an error thrown here is only printed: the exit code is what fails the run
    console.error(`\nthe tests left these in ${tmpdir()}: ${left.join(', ')}`);
    process.exitCode = 1;
  };
}

// The Maven module in test/clients/java, shared by the suites that run its programs (java.test.ts, kcl.test.ts): the
// tool probe, one `mvn compile` per suite (which also writes the runtime classpath), and how a program is started
// with plain `java`. On CI (CI=true) a missing java, keytool or mvn fails the suite instead of skipping it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { probeTool, root, run } from './server';

export const javaDir = path.join(root, 'test', 'clients', 'java');

/** Why the Java suites cannot run here (a tool is missing), or undefined when they can. Throws on CI instead. */
export async function javaToolsMissing(): Promise<string | undefined> {
  return (
    (await probeTool('java', ['-version'], 'Java (JDK 17)')) ??
    (await probeTool('keytool', ['-help'], 'keytool (JDK)')) ??
    (await probeTool('mvn', ['-v'], 'Maven'))
  );
}

/** Compiles the module and returns the classpath its programs run with. */
export async function buildJavaModule(): Promise<string> {
  const started = Date.now();
  // First run downloads the pinned dependencies into ~/.m2 (the KPL jar alone is 66 MB); later runs need no network.
  const built = await run('mvn', ['-q', '-B', '-f', path.join(javaDir, 'pom.xml'), 'compile'], { timeoutMs: 900_000 });
  if (built.code !== 0) throw new Error(`mvn compile exited ${built.code}\nstdout: ${built.stdout}\nstderr: ${built.stderr}`);
  const deps = (await readFile(path.join(javaDir, 'target', 'classpath.txt'), 'utf8')).trim();
  console.log(`java clients: mvn compile took ${Date.now() - started} ms`);
  return [path.join(javaDir, 'target', 'classes'), deps].join(path.delimiter);
}

/** This process's environment less what would change the SDK's defaults under test (CBOR, JVM options). */
export function javaEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.AWS_CBOR_DISABLED;
  delete env.JAVA_TOOL_OPTIONS;
  return env;
}

/** The arguments of `java` that run kinesisedge.<main> with the module's classpath. */
export function javaArgs(classpath: string, main: string, args: string[], jvm: string[] = []): string[] {
  return [...jvm, '-cp', classpath, `kinesisedge.${main}`, ...args];
}

/** Starts kinesisedge.<main> as a long-running child with its stdin, stdout and stderr piped to this process. */
export function spawnJava(classpath: string, main: string, args: string[], jvm: string[] = []): ChildProcessWithoutNullStreams {
  return spawn('java', javaArgs(classpath, main, args, jvm), { cwd: root, env: javaEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
}

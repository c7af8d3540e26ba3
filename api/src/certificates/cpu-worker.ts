/**
 * The CPU-heavy half of issuance (RDF canonicalization + Ed25519 signing, PDF rendering) in a child process at the
 * lowest CPU priority (nice 19): bulk issuance then takes only the CPU that requests leave over, instead of delaying
 * them on the API's event loop or competing with it as an equal (a worker thread would share the API's priority).
 * From TypeScript sources (jest, tsx) the child cannot load this file: the same functions then run inline.
 */
import { ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { strictDocumentLoader } from './credentials/document-loader';
import { keyPairFromSecret, signCredential } from './credentials/signing';
import { CertificateSheet, renderCertificatePdf } from './pdf/certificate-pdf';

export type CpuTask =
  | { kind: 'pdf'; sheet: CertificateSheet }
  | { kind: 'sign'; credential: Record<string, unknown>; secretKeyMultibase: string; did: string; now: Date };

/** Signing needs only the bundled contexts (no DID document): the loader refuses everything else. */
const signingLoader = strictDocumentLoader([]);

export async function runCpuTask(task: CpuTask): Promise<unknown> {
  if (task.kind === 'pdf') return renderCertificatePdf(task.sheet);
  const key = await keyPairFromSecret(task.secretKeyMultibase, task.did);
  return signCredential(task.credential, key, signingLoader, task.now);
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

const CHILD_FLAG = 'BIMTEK_CERTIFICATE_WORKER';
const LOWEST_PRIORITY = 19;

/** One child process, started on first use, restarted if it dies; tasks queue on it in order. */
export class CpuWorker {
  private worker?: ChildProcess;
  private next = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly threaded = __filename.endsWith('.js');

  run<T>(task: CpuTask): Promise<T> {
    if (!this.threaded) return runCpuTask(task) as Promise<T>;
    const worker = this.ensure();
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // Keeps the process alive while a task is out; an idle child does not.
      worker.channel?.ref();
      worker.send({ id, task });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill();
      await exited;
    }
  }

  private ensure(): ChildProcess {
    if (this.worker) return this.worker;
    // 'advanced' serialization carries Buffers and Dates as they are.
    const worker = fork(__filename, [], { env: { ...process.env, [CHILD_FLAG]: '1' }, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    try {
      if (worker.pid) setPriority(worker.pid, LOWEST_PRIORITY);
    } catch {
      // Not allowed here: it still runs, at normal priority.
    }
    worker.channel?.unref();
    worker.unref();
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.channel?.unref();
      if (message.error !== undefined) waiting.reject(new Error(message.error));
      else waiting.resolve(message.result instanceof Uint8Array ? Buffer.from(message.result) : message.result);
    });
    const fail = (error: Error) => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      if (this.worker === worker) this.worker = undefined;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`certificate worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

if (process.env[CHILD_FLAG] === '1' && process.send) {
  const reply = (message: object) => process.send?.(message);
  process.on('message', async ({ id, task }: { id: number; task: CpuTask }) => {
    try {
      reply({ id, result: await runCpuTask(task) });
    } catch (error) {
      reply({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  // Ends with its parent.
  process.on('disconnect', () => process.exit(0));
}

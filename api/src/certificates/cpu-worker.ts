/**
 * The CPU-heavy half of issuance (RDF canonicalization + Ed25519 signing, PDF rendering) on a worker thread, so that
 * bulk issuance uses the machine's other core instead of delaying the API's requests on the main event loop.
 * From TypeScript sources (jest, tsx) a worker cannot load this file: the same functions then run inline.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
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

/** One worker thread, started on first use, restarted if it dies; tasks queue on it in order. */
export class CpuWorker {
  private worker?: Worker;
  private next = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly threaded = __filename.endsWith('.js');

  run<T>(task: CpuTask): Promise<T> {
    if (!this.threaded) return runCpuTask(task) as Promise<T>;
    const worker = this.ensure();
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, task });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(__filename);
    worker.unref();
    worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
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

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', async ({ id, task }: { id: number; task: CpuTask }) => {
    try {
      const result = await runCpuTask(task);
      port.postMessage({ id, result });
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
}

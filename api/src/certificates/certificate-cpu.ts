import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { CpuTask, CpuWorker } from './cpu-worker';

/** The certificate worker process as a Nest provider: one per API process, stopped with the application. */
@Injectable()
export class CertificateCpu implements OnModuleDestroy {
  private readonly worker = new CpuWorker();

  run<T>(task: CpuTask): Promise<T> {
    return this.worker.run<T>(task);
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
  }
}

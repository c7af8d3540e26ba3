import { Injectable } from '@nestjs/common';

/** The time the reports count "expired" and "expiring" against; tests move it (`clock.now = () => …`). */
@Injectable()
export class ReportsClock {
  now: () => Date = () => new Date();
}

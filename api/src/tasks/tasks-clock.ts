import { Injectable } from '@nestjs/common';

/** The time deadlines, claims and retention count against; tests move it (`clock.now = () => …`). */
@Injectable()
export class TasksClock {
  now: () => Date = () => new Date();
}

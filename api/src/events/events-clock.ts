import { Injectable } from '@nestjs/common';

/** The time check-in windows and codes are computed against; tests move it (`clock.now = () => …`). */
@Injectable()
export class EventsClock {
  now: () => Date = () => new Date();
}

import { Init1795465789646 } from './1795465789646-Init';
import { IdentityAccess1795466593217 } from './1795466593217-IdentityAccess';
import { Courses1795466731971 } from './1795466731971-Courses';
import { Certificates1795467825380 } from './1795467825380-Certificates';
import { Learning1795468460442 } from './1795468460442-Learning';
import { CourseAssignments1795474492778 } from './1795474492778-CourseAssignments';
import { RandomStatusEntries1795480000000 } from './1795480000000-RandomStatusEntries';
import { SecretsOutOfDatabase1795483000000 } from './1795483000000-SecretsOutOfDatabase';
import { CoursePackageV21795486400000 } from './1795486400000-CoursePackageV2';
import { Reports1795490000000 } from './1795490000000-Reports';
import { FieldTaskSubmissions1795491000000 } from './1795491000000-FieldTaskSubmissions';
import { Events1795492000000 } from './1795492000000-Events';
import { Studio1795493000000 } from './1795493000000-Studio';
import { StudioChangeNote1795493700000 } from './1795493700000-StudioChangeNote';
import { SignInThrottle1795495000000 } from './1795495000000-SignInThrottle';
import { AttemptIntegrity1795497023000 } from './1795497023000-AttemptIntegrity';
import { EventsClosing1795499000000 } from './1795499000000-EventsClosing';
import { TaskAppeals1795500500000 } from './1795500500000-TaskAppeals';
import { ReportsScale1795501000000 } from './1795501000000-ReportsScale';
import { ReportsAllRowsIndexes1795502000000 } from './1795502000000-ReportsAllRowsIndexes';
import { ReportsMonths1796334322393 } from './1796334322393-ReportsMonths';
import { ReportsActivityDays1796334358585 } from './1796334358585-ReportsActivityDays';
import { DesaRegionsAndCover1796334418717 } from './1796334418717-DesaRegionsAndCover';
import { SessionChangeNotify1796334847793 } from './1796334847793-SessionChangeNotify';
import { EventsCancellation1796350965203 } from './1796350965203-EventsCancellation';

/**
 * Every migration, in order. Generate one with
 * `npm run migration:generate -w api -- src/database/migrations/<Name>` (against a running database), then list it here.
 */
export const migrations = [
  Init1795465789646,
  IdentityAccess1795466593217,
  Courses1795466731971,
  Certificates1795467825380,
  Learning1795468460442,
  CourseAssignments1795474492778,
  RandomStatusEntries1795480000000,
  SecretsOutOfDatabase1795483000000,
  CoursePackageV21795486400000,
  Reports1795490000000,
  FieldTaskSubmissions1795491000000,
  Events1795492000000,
  Studio1795493000000,
  StudioChangeNote1795493700000,
  SignInThrottle1795495000000,
  AttemptIntegrity1795497023000,
  EventsClosing1795499000000,
  TaskAppeals1795500500000,
  ReportsScale1795501000000,
  ReportsAllRowsIndexes1795502000000,
  ReportsMonths1796334322393,
  ReportsActivityDays1796334358585,
  DesaRegionsAndCover1796334418717,
  SessionChangeNotify1796334847793,
  EventsCancellation1796350965203,
];

import { Region } from '../regions/region.entity';
import { User } from '../users/user.entity';
import { AuthSession } from '../auth/auth-session.entity';
import { AuditEntry } from '../audit/audit-entry.entity';
import { BackgroundJob } from '../jobs/background-job.entity';
import { AppSecret } from '../common/app-secret.entity';

/** Every entity of the application: the one list both the app and the migration CLI use. */
export const entities = [Region, User, AuthSession, AuditEntry, BackgroundJob, AppSecret];

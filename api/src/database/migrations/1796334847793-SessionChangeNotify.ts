import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Decision 035: every change to what the session lookup answers (a revoked, expired or deleted session; an account's
 * role, region, status or shown columns) notifies `bimtek_session_changes` with the user's id, from a trigger, so in
 * the writing transaction and delivered at its commit, whoever writes (a service, a script, psql). The API's
 * processes drop their cached sessions of that user. A renewal (the expiry moving forward) sends nothing.
 */
export class SessionChangeNotify1796334847793 implements MigrationInterface {
  name = 'SessionChangeNotify1796334847793';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('bimtek_session_changes', '*');
        ELSIF TG_TABLE_NAME = 'users' THEN
          PERFORM pg_notify('bimtek_session_changes', OLD.id::text);
        ELSE
          PERFORM pg_notify('bimtek_session_changes', OLD.user_id::text);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER auth_sessions_changed AFTER UPDATE ON auth_sessions FOR EACH ROW
        WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR NEW.expires_at < OLD.expires_at
              OR NEW.last_seen_at < OLD.last_seen_at OR OLD.token_hash <> NEW.token_hash OR OLD.user_id <> NEW.user_id)
        EXECUTE FUNCTION notify_session_change()`);
    await queryRunner.query(`CREATE TRIGGER auth_sessions_deleted AFTER DELETE ON auth_sessions FOR EACH ROW EXECUTE FUNCTION notify_session_change()`);
    await queryRunner.query(`CREATE TRIGGER auth_sessions_truncated AFTER TRUNCATE ON auth_sessions FOR EACH STATEMENT EXECUTE FUNCTION notify_session_change()`);
    await queryRunner.query(`
      CREATE TRIGGER users_session_columns_changed AFTER UPDATE ON users FOR EACH ROW
        WHEN ((OLD.name, OLD.phone, OLD.email, OLD.role, OLD.pillar, OLD.region_code, OLD.status, OLD.nik_last4, OLD.created_at, OLD.activated_at)
              IS DISTINCT FROM (NEW.name, NEW.phone, NEW.email, NEW.role, NEW.pillar, NEW.region_code, NEW.status, NEW.nik_last4, NEW.created_at, NEW.activated_at))
        EXECUTE FUNCTION notify_session_change()`);
    await queryRunner.query(`CREATE TRIGGER users_deleted AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_session_change()`);
    await queryRunner.query(`CREATE TRIGGER users_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION notify_session_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [trigger, table] of [
      ['users_truncated', 'users'],
      ['users_deleted', 'users'],
      ['users_session_columns_changed', 'users'],
      ['auth_sessions_truncated', 'auth_sessions'],
      ['auth_sessions_deleted', 'auth_sessions'],
      ['auth_sessions_changed', 'auth_sessions'],
    ]) {
      await queryRunner.query(`DROP TRIGGER ${trigger} ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION notify_session_change()`);
  }
}

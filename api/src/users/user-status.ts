export enum UserStatus {
  /** Self-registered, waiting for an admin of the region to approve. */
  PENDING = 'PENDING',
  /** Created by a roster import or an admin: activates with an activation code. */
  INVITED = 'INVITED',
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}

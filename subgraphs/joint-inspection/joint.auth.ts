import { forbidden } from '../../shared/errors';
import { isJointOffice, isService, type Identity } from '../../shared/identity';

/** Registry writes belong to the joint-meeting office (or a service acting for it). */
export function requireJointOffice(identity: Identity): void {
  if (!isJointOffice(identity) && !isService(identity)) throw forbidden('只有联席会议办公室可以维护此登记信息');
}

// the acting user or service, as stored and logged: one home in the access library
export { actorOf } from '@cellport/plugin-access-node';

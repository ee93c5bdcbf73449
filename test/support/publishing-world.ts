import { TEST_PASSWORD, makeOrg, makePerson } from './factories.ts';
import { type Client, type TestApp, createTestApp, signInClient } from './test-app.ts';

/** A publishing test's world: an ISAO with a coordinator, and two member manufacturers with an analyst each. */
export interface PublishingWorld {
  t: TestApp;
  coordinator: Client;
  vendorA: Client;
  vendorB: Client;
  orgs: { a: string; b: string };
}

export async function startPublishingWorld(): Promise<PublishingWorld> {
  const t = await createTestApp({ env: { PUBLIC_URL: 'https://isao.example', ISAO_REPORT_LIMIT_PER_HOUR: '100' } });
  const operator = await makeOrg(t.db, 'operator', { name: 'Medical Device ISAO' });
  const coordinator = await signInClient(t.app, (await makePerson(t.db, operator.id, ['coordinator'])).email, TEST_PASSWORD);
  const a = await makeOrg(t.db, 'manufacturer', { name: 'Acme Infusion' });
  const b = await makeOrg(t.db, 'manufacturer', { name: 'Blue Pumps' });
  const vendorA = await signInClient(t.app, (await makePerson(t.db, a.id, ['analyst'])).email, TEST_PASSWORD);
  const vendorB = await signInClient(t.app, (await makePerson(t.db, b.id, ['analyst'])).email, TEST_PASSWORD);
  return { t, coordinator, vendorA, vendorB, orgs: { a: a.id, b: b.id } };
}

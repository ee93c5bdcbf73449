import { buildTemplate, dropTemplate } from './test-database.ts';

/** Once per test run: the migrated template every test database is cloned from. */
export default async function setup() {
  process.env.ISAO_TEST_RUN_ID ??= `${process.pid}`;
  await buildTemplate();
  return async () => {
    await dropTemplate();
  };
}

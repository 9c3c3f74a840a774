// Writes docs/plan.schema.json, the published JSON Schema of the canonical plan (npm run schema).
// tests/server/api/plans.test.ts fails when the file and GET /api/schema/plan.json differ.
import fs from 'node:fs';
import { planJsonSchema } from '../../shared/plan.ts';

const target = new URL('../../docs/plan.schema.json', import.meta.url);
fs.writeFileSync(target, `${JSON.stringify(planJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);

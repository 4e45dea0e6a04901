// The official Opendatasoft JavaScript client (@opendatasoft/api-client), unchanged, against
// galette: its query builder's requests must get the answers an Opendatasoft portal gives.
// Node cannot resolve *.localhost names, so the client talks to 127.0.0.1, which serves the
// platform site; tests/it/browser.rs published the demo's datasets there (flights, airlines,
// and airports, which is restricted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import apiClient from '@opendatasoft/api-client';
import { port } from './browser.mjs';

// The package ships as CommonJS (UMD): its names come from the default export.
const { ApiClient, fromCatalog, field, string, all, one, NotFoundError, UserError } = apiClient;

const client = new ApiClient({ domain: `http://127.0.0.1:${port}` });
const flights = () => fromCatalog().dataset('flights');

test('the client lists the catalogue and reads the dataset', async () => {
  const catalog = await client.get(fromCatalog().datasets().limit(10));
  assert.deepEqual(catalog.results.map((d) => d.dataset_id).sort(), ['airlines', 'flights'], 'the restricted one is left out');
  const keyed = new ApiClient({ domain: `http://127.0.0.1:${port}`, apiKey: process.env.GALETTE_TEST_API_KEY });
  const airports = await keyed.get(fromCatalog().dataset('airports').records().limit(1));
  assert.equal(airports.total_count, 1458, 'the demo key reads the restricted dataset');
  const dataset = await client.get(flights().itself());
  assert.equal(dataset.dataset_id, 'flights');
  assert.equal(dataset.metas.default.records_count, 10000);
});

test('where, select, order_by and limit', async () => {
  const query = flights()
    .records()
    .select('carrier, flight, dep_delay')
    .where(`${field('carrier')}=${string('UA')}`)
    .orderBy('dep_delay desc')
    .limit(3);
  const answer = await client.get(query);
  assert.equal(answer.total_count, 1739);
  assert.equal(answer.results.length, 3);
  assert.deepEqual(Object.keys(answer.results[0]), ['carrier', 'flight', 'dep_delay']);
  assert.ok(answer.results[0].dep_delay >= answer.results[1].dep_delay);
});

test('group_by with an aggregate, ordered by its alias', async () => {
  const query = flights().records().select('carrier, count(*) as n').groupBy('carrier').orderBy('n desc').limit(100);
  const answer = await client.get(query);
  assert.deepEqual(answer.results.slice(0, 2), [
    { carrier: 'UA', n: 1739 },
    { carrier: 'B6', n: 1721 },
  ]);
  assert.equal(answer.total_count, 15);
});

test('refine and the combinators all() and one()', async () => {
  const refined = await client.get(flights().records().refine('carrier:UA').refine('origin:EWR').limit(0));
  assert.equal(refined.total_count, 1370);
  const either = await client.get(
    flights().records().where(all(one(`origin="JFK"`, `origin="LGA"`), `carrier="AA"`)).limit(0),
  );
  assert.equal(either.total_count, 451 + 478);
});

test('errors come back as the client expects them', async () => {
  await assert.rejects(client.get(fromCatalog().dataset('nope').itself()), NotFoundError);
  await assert.rejects(client.get(flights().records().limit(101)), UserError);
  await assert.rejects(client.get(flights().records().where('carrier = = "UA"')), UserError);
});

test('facets, a single record and a JSON export', async () => {
  const facets = await client.get(flights().facets().facet('origin').where('carrier="AA"'));
  assert.deepEqual(
    facets.facets[0].facets.map((f) => [f.value, f.count]),
    [['LGA', 478], ['JFK', 451], ['EWR', 109]],
  );
  const record = await client.get(flights().record('1').select('carrier, flight'));
  assert.deepEqual(record, { carrier: 'UA', flight: 1545 });
  const exported = await client.get(flights().export('json').select('flight').limit(3));
  assert.deepEqual(exported, [{ flight: 1545 }, { flight: 1714 }, { flight: 1141 }]);
});

import { startPostgresCluster, execSql } from '#test/support/postgres.ts';
import pg from 'pg';
const c = await startPostgresCluster();
try {
  const cl = new pg.Client(c.url()); await cl.connect();
  await cl.query(`CREATE TEXT SEARCH DICTIONARY folio_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION folio (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION folio ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart WITH folio_stem;`);
  for (const [text, q] of [['A wombat summary.', 'wombat'], ['<script>alert(1)</script> and more', 'alert'], ['Some emphasis and a link. const quokka = 1; The quokka smiles.', 'quokka']]) {
    for (const opts of ['StartSel=[, StopSel=], MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1', 'StartSel=[, StopSel=], MaxWords=24, MinWords=12, ShortWord=0', 'StartSel=[, StopSel=], MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1, HighlightAll=true']) {
      const r = await cl.query(`select ts_headline('folio', $1, plainto_tsquery('folio', $2), $3) h, to_tsvector('folio',$1) v`, [text, q, opts]);
      console.log(JSON.stringify(r.rows[0].h), '|', opts.slice(-30), r.rows[0].v);
    }
  }
  await cl.end();
} finally { await c.stop(); }

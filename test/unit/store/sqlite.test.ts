import { sqliteBackend } from '../../store-suite/backends.js';
import { batchTests } from '../../store-suite/batches.js';
import { judgingTests } from '../../store-suite/judgings.js';
import { serveTests } from '../../store-suite/serve.js';
import { submissionTests } from '../../store-suite/submissions.js';

// The store suite every backend passes, here on SQLite files (PostgreSQL: test/integration/store).
const backend = sqliteBackend();
submissionTests(backend);
judgingTests(backend);
batchTests(backend);
serveTests(backend);

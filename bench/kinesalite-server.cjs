// Child process that serves kinesalite (memdown storage) on 127.0.0.1:<port> through its module API, with the
// state transitions at 0 ms like our --createStreamMs 0. Usage: node kinesalite-server.cjs <port>
const path = require('node:path');
const kinesalite = require(path.join(__dirname, '.cache', 'node_modules', 'kinesalite'));

const port = Number(process.argv[2]);
const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 1000 });
server.listen(port, '127.0.0.1', (err) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  console.log(`kinesalite listening on http://127.0.0.1:${port}`);
});
// Stopped by the harness: nothing to flush (memdown), so leave at once.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));

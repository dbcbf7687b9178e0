import { seedAll } from './services';

seedAll()
  .then((n) => console.log(n ? `[seed] seeded ${n} database(s)` : '[seed] every database already has data; nothing to do'))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });

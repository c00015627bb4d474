// `npm start`: build what is stale, then launch Electron on the project — fetching its binary first if
// this is the first start (scripts/start-app.ts). Where that fetch fails, the reason is printed in one
// line and the browser host runs instead so the app is still usable.

import { ensureBuilt } from './build-freshness'
import { startApp } from './start-app'
import { runWeb } from './web'

const built = ensureBuilt(process.cwd(), ['renderer', 'main'])
if (!built.ok) {
  console.error(built.error)
  process.exit(1)
}

const outcome = await startApp({ root: process.cwd(), launchWeb: () => runWeb() })
if (outcome.mode === 'electron') process.exit(outcome.exitCode)

// Entry point: picks the bridge transport, wraps the app in its theme, locale and services, and mounts it.

import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createApi } from './api'
import { App } from './App'
import { Providers } from './Providers'

const root = document.getElementById('root')
if (!root) throw new Error('#root missing from index.html')

createRoot(root).render(
  <StrictMode>
    <Providers api={createApi()}>
      <App />
    </Providers>
  </StrictMode>,
)

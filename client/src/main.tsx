import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { EmbedApp } from './pages/embeds/EmbedApp.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Pages other sites frame get no site chrome. */}
    {location.pathname.startsWith('/embed/') ? <EmbedApp /> : <App />}
  </StrictMode>,
);

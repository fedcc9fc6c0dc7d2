import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { api } from './lib/api';
import { queryClient } from './lib/hostData';
import { treeQuery } from './lib/queryKeys';
import './editor/icons';
import './styles.css';

// The tree (its outline first) is asked for now, while React makes its first render: the first
// rows' query would otherwise start with the app's first effects, ~50 ms later.
void queryClient.prefetchQuery(treeQuery(api));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);

import { boot } from './boot';
import { reportHeight } from './share/embedHeight';

// Same start as the app (Python first, or a replay with no Python), then a smaller page.
boot();
reportHeight();

const root = document.getElementById('root');
if (!root) throw new Error('embed.html has no #root element');
void import('./ui/mountEmbed').then(({ mountEmbed }) => mountEmbed(root));

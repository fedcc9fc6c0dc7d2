// The codicon font: the icons of the page's own buttons and of the editors (which load later,
// renderer/editor/lazy.tsx). Bundled with the page, never from a CDN (font-src 'self').
import 'monaco-editor/features/codicon/register';

import { useEffect, useRef } from 'react';
import { currentTheme, EDITOR_LIMITS, monaco } from './setup';

interface DiffEditorProps {
  readonly original: string;
  readonly modified: string;
  readonly language: string;
  readonly isInline: boolean;
}

/** Monaco's diff editor, read-only on both sides. */
export function DiffEditor({ original, modified, language, isInline }: DiffEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);

  useEffect(() => {
    const instance = monaco.editor.createDiffEditor(host.current!, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 12,
      theme: currentTheme(),
      maxComputationTime: EDITOR_LIMITS.maxComputationTime,
      maxFileSize: EDITOR_LIMITS.maxFileSize,
      renderSideBySide: true,
      ariaLabel: 'attempt diff',
    });
    editor.current = instance;
    return () => {
      const model = instance.getModel();
      instance.dispose();
      model?.original.dispose();
      model?.modified.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = editor.current;
    if (!instance) return;
    const previous = instance.getModel();
    instance.setModel({ original: monaco.editor.createModel(original, language), modified: monaco.editor.createModel(modified, language) });
    previous?.original.dispose();
    previous?.modified.dispose();
  }, [original, modified, language]);

  useEffect(() => {
    editor.current?.updateOptions({ renderSideBySide: !isInline });
  }, [isInline]);

  return <div className="diff-view" ref={host} role="region" aria-label="attempt diff" data-testid="diff-editor" />;
}

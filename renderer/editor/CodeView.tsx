import { useEffect, useRef } from 'react';
import { currentTheme, EDITOR_LIMITS, monaco } from './setup';

interface CodeViewProps {
  /** `null`: keep what is shown (the next text is on its way). */
  readonly text: string | null;
  readonly language: string;
  /** Accessible name of the editor region. */
  readonly label: string;
  /** 1-based line to reveal and highlight. */
  readonly line?: number | undefined;
  /** Kept but not shown (an empty file, no file, a binary one): the editor is not made again for the next. */
  readonly isHidden?: boolean;
  /** Shown dimmed: the text is the last file's while the next one loads. */
  readonly isStale?: boolean;
}

/** A read-only Monaco editor showing text (never markup). */
export function CodeView({ text, language, label, line, isHidden = false, isStale = false }: CodeViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);

  useEffect(() => {
    const instance = monaco.editor.create(host.current!, {
      readOnly: true,
      domReadOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      wordWrap: 'on',
      fontSize: 12,
      lineNumbersMinChars: 3,
      theme: currentTheme(),
      maxTokenizationLineLength: EDITOR_LIMITS.maxTokenizationLineLength,
      ariaLabel: label,
      model: null,
    });
    editor.current = instance;
    return () => {
      instance.getModel()?.dispose();
      instance.dispose();
      editor.current = null;
    };
  }, [label]);

  useEffect(() => {
    const instance = editor.current;
    if (!instance || text === null) return;
    // One model per editor, its text replaced: a new model would make Monaco build its whole view
    // again, the largest cost of moving from step to step.
    const model = instance.getModel();
    if (!model) {
      instance.setModel(monaco.editor.createModel(text, language));
      return;
    }
    if (model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
    if (model.getValueLength() !== text.length || model.getValue() !== text) {
      model.setValue(text);
      instance.setScrollPosition({ scrollTop: 0, scrollLeft: 0 });
    }
  }, [text, language]);

  useEffect(() => {
    const instance = editor.current;
    const model = instance?.getModel();
    // The file may not be there yet (loading), or shorter than the line asked for.
    if (!instance || !model || text === null || !line || line > model.getLineCount()) return;
    instance.revealLineInCenter(line);
    instance.setSelection(new monaco.Selection(line, 1, line, model.getLineMaxColumn(line)));
  }, [line, text]);

  return (
    <div
      className={isStale ? 'code-view stale' : 'code-view'}
      ref={host}
      hidden={isHidden}
      role="region"
      aria-label={label}
      data-testid={`editor-${label}`}
      data-language={language}
    />
  );
}

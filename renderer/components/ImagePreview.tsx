import { useImage } from '../lib/hostData';
import { Notice } from './Badges';

/** An image file of the run (a chart it drew), told by its bytes; why not, when it cannot be shown. */
export function ImagePreview({ path, thumbnail = false }: { readonly path: string; readonly thumbnail?: boolean }) {
  const image = useImage(path);
  if (!image) return <p className="muted">Loading {path.split('/').pop()}…</p>;
  if ('error' in image) return <Notice kind="info">{image.error}</Notice>;
  return <img className={thumbnail ? 'image-thumbnail' : 'image-preview'} src={image.url} alt={path} title={path} />;
}

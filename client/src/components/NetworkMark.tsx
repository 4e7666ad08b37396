import { SOURCE_LABEL, type MessageView } from '../../../shared/model.ts';

/** The network a bridged post came from (X, Bluesky, Mastodon), linking to the original; nothing for native posts. */
export function NetworkMark({ message }: { message: Pick<MessageView, 'source' | 'externalUrl'> }) {
  if (message.source === 'native') return null;
  const label = SOURCE_LABEL[message.source];
  const className = `badge badge-source badge-${message.source}`;
  if (!message.externalUrl) return <span className={className}>{label}</span>;
  return (
    <a className={className} href={message.externalUrl} target="_blank" rel="noopener noreferrer nofollow" aria-label={`${label}: open the original post`}>
      {label}
    </a>
  );
}

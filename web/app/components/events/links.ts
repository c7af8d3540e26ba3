import type { LinksFunction } from '@remix-run/node';
import styles from '~/styles/events.css?url';

/** The events pages' own stylesheet, beside the app's. */
export const eventsLinks: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

import { Region } from '../regions/region.entity';

/** Every entity of the application: the one list both the app and the migration CLI use. */
export const entities = [Region];

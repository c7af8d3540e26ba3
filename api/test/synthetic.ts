/** The synthetic data set lives with the reports (the demo seeds Kota Sukabumi with it); tests and scripts import it here. */
export * from '../src/database/synthetic-data';

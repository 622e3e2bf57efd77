"""Code with no domain: model base, mixins, repository base, schemas, clock, i18n."""

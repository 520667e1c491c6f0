// Progressive enhancement only: every page works without it.
import { initAll } from '/govuk/govuk-frontend.min.js'

initAll()

"""The page words of the dashboards in English and Dutch: headings, help texts, buttons.

Data only: :func:`participation_model.reports.dashboard.labels.text` looks words up here
(and fills their ``{placeholders}``), so a key missing in one language is a ``KeyError`` in
the tests rather than a half-English page. Measure names are not here: they come from the
measure catalogue (``participation_model.measure_catalogue``).

Example:
    >>> TEXTS["tables"]
    ('Download the tables', 'Tabellen downloaden')
"""

from __future__ import annotations

from collections.abc import Mapping

#: Page words: key -> (English, Dutch).
TEXTS: Mapping[str, tuple[str, str]] = {
    # page furniture
    "dashboard": ("dashboard", "dashboard"),
    "run_title": ("Run dashboard", "Dashboard van een run"),
    "compare_title": ("Comparison dashboard", "Dashboard van een vergelijking"),
    "sensitivity_title": ("Sensitivity dashboard", "Dashboard van de gevoeligheidsanalyse"),
    "calibration_title": ("Calibration dashboard", "Dashboard van de kalibratie"),
    "sections": ("Sections", "Onderdelen"),
    "provenance": ("Where these numbers come from", "Herkomst van de cijfers"),
    "made_with": ("Dashboard made with participation-model {version} on {date}.",
                  "Dashboard gemaakt met participation-model {version} op {date}."),
    "bands_note": (("Lines are the median across replications; shaded bands and error bars run from "
                    "the 5th to the 95th percentile across replications (runs that differ only in "
                    "their random numbers). Counts are persons in the real population."),
                   ("Lijnen zijn de mediaan over de replicaties; gearceerde banden en foutbalken lopen "
                    "van het 5e tot het 95e percentiel over de replicaties (runs die alleen in hun "
                    "toevalsgetallen verschillen). Aantallen zijn personen in de werkelijke bevolking.")),
    "bands_note_draws": (("Lines are the median across runs; shaded bands and error bars run from the 5th to the "
                          "95th percentile across {draws} parameter draws x {replications} replications (runs that "
                          "differ in their parameters, drawn from the calibration's ensemble, and in their random "
                          "numbers: parameter and random uncertainty). Counts are persons in the real population."),
                         ("Lijnen zijn de mediaan over de runs; gearceerde banden en foutbalken lopen van het 5e tot "
                          "het 95e percentiel over {draws} parametertrekkingen x {replications} replicaties (runs die "
                          "verschillen in hun parameters, getrokken uit het ensemble van de kalibratie, en in hun "
                          "toevalsgetallen: parameter- en toevalsonzekerheid). Aantallen zijn personen in de "
                          "werkelijke bevolking.")),
    "bands_random": ("Bands: 5-95% over {replications} replications (random only).",
                     "Marges: 5-95% over {replications} replicaties (alleen toeval)."),
    "bands_draws": ("Bands: 5-95% over {draws} parameter draws x {replications} replications (parameter and random uncertainty).",
                    "Marges: 5-95% over {draws} parametertrekkingen x {replications} replicaties (parameter- en toevalsonzekerheid)."),
    "parameter_draws": ("Parameter draws", "Parametertrekkingen"),
    "not_distinguishable": ("not distinguishable from the baseline", "niet te onderscheiden van het basispad"),
    "not_distinguishable_short": ("not distinguishable", "niet te onderscheiden"),
    "smallest_detectable": ("smallest detectable effect", "kleinste aantoonbare effect"),
    "distinguishable_help": (("An effect whose 5-95% range includes zero, or whose mean is smaller than the smallest "
                              "effect these runs could detect (2.8 standard errors of the mean difference: 80% power "
                              "at 5%, two-sided), is shown as not distinguishable from the baseline."),
                             ("Een effect waarvan de 5-95%-marge nul bevat, of waarvan het gemiddelde kleiner is dan "
                              "het kleinste effect dat deze runs konden aantonen (2,8 standaardfouten van het "
                              "gemiddelde verschil: 80% onderscheidend vermogen bij 5%, tweezijdig), staat als niet "
                              "te onderscheiden van het basispad.")),
    "variance_split": ("Where the uncertainty comes from", "Waar de onzekerheid vandaan komt"),
    "variance_help": (("Share of the variance of each effect across parameter draws and replications that comes from "
                       "the parameters (what the calibration's targets leave open) and from the model's randomness "
                       "(a one-way analysis of variance over the draws)."),
                      ("Deel van de variantie van elk effect over parametertrekkingen en replicaties dat komt van de "
                       "parameters (wat de kalibratiedoelen openlaten) en van het toeval in het model (een "
                       "variantieanalyse over de trekkingen).")),
    "effect": ("effect", "effect"),
    "parameters_share": ("parameters", "parameters"),
    "random_share": ("randomness", "toeval"),
    "chart": ("chart", "grafiek"),
    "not_available": ("n/a", "n.v.t."),
    "to": ("to", "tot"),
    "all_scenarios": ("All scenarios", "Alle scenario's"),
    "choose_scenario": ("Scenario", "Scenario"),
    "choose_year": ("Year", "Jaar"),
    # provenance keys
    "scenario": ("Scenario", "Scenario"),
    "scenarios": ("Scenarios", "Scenario's"),
    "baseline": ("Baseline", "Basispad"),
    "description": ("Description", "Beschrijving"),
    "region": ("Region", "Regio"),
    "period": ("Period", "Periode"),
    "replications": ("Replications", "Replicaties"),
    "seeds": ("Seeds", "Seeds (startwaarden toeval)"),
    "seed": ("Seed", "Seed (startwaarde toeval)"),
    "scale": ("Scale", "Schaal"),
    "scale_value": ("{scale} (simulated persons per resident)", "{scale} (gesimuleerde personen per inwoner)"),
    "version": ("Package version", "Versie van het model"),
    "created": ("Created", "Gemaakt"),
    "command": ("Command", "Opdracht"),
    "calibration": ("Calibrated parameters", "Gekalibreerde parameters"),
    "parameter_overrides": ("Parameter overrides", "Aangepaste parameters"),
    "year_compared": ("Year compared", "Vergeleken jaar"),
    "method": ("Method", "Methode"),
    "parameter_sets": ("Parameter sets", "Parametersets"),
    "outcomes": ("Outcomes", "Uitkomsten"),
    "uncertainty_file": ("Uncertainty file", "Bestand met onzekerheden"),
    "targets_file": ("Targets file", "Bestand met doelen"),
    "evaluations": ("Parameter sets tried", "Geprobeerde parametersets"),
    "objective": ("Objective (start -> fitted)", "Doelfunctie (start -> gekalibreerd)"),
    "calibrated_file": ("Calibrated file", "Gekalibreerd bestand"),
    "folder": ("Folder", "Map"),
    # downloads
    "tables": ("Download the tables", "Tabellen downloaden"),
    "tables_help": (("Every table behind this dashboard, as it is in the output folder (CSV: UTF-8, "
                     "comma-separated, '.' as decimal separator). The files are inside this page, so "
                     "the links work offline and after the page is mailed on."),
                    ("Alle tabellen achter dit dashboard, zoals ze in de uitvoermap staan (CSV: UTF-8, "
                     "komma als scheidingsteken, '.' als decimaalteken). De bestanden zitten in deze "
                     "pagina, dus de links werken ook offline en na doorsturen.")),
    "file": ("file", "bestand"),
    "size": ("size", "grootte"),
    "download": ("download", "downloaden"),
    # run dashboard
    "headline": ("Headline", "Kerncijfers"),
    "headline_help": (("Annual averages in the chosen year: the median across replications, with the "
                       "5-95% range underneath."),
                      ("Jaargemiddelden in het gekozen jaar: de mediaan over de replicaties, met de "
                       "5-95%-marge eronder.")),
    "trends": ("Over time", "In de tijd"),
    "trends_help": (("Monthly values with replication bands. Black diamonds are the CBS figures the model "
                     "was calibrated against, with their uncertainty as error bars."),
                    ("Maandcijfers met de marges over replicaties. Zwarte ruiten zijn de CBS-cijfers "
                     "waarop het model gekalibreerd is, met hun onzekerheid als foutbalk.")),
    "targets_missing": ("No targets file was found, so the charts have no CBS markers.",
                        "Er is geen bestand met doelen gevonden, dus de grafieken tonen geen CBS-cijfers."),
    "target_marker": ("target (CBS)", "doel (CBS)"),
    "groups": ("Groups and gemeenten", "Groepen en gemeenten"),
    "groups_help": (("Participation and unemployment by age band, education, sex and gemeente in {year} "
                     "(annual averages; bars are medians, error bars the 5-95% range)."),
                    ("Participatie en werkloosheid naar leeftijd, opleiding, geslacht en gemeente in {year} "
                     "(jaargemiddelden; staven zijn medianen, foutbalken de 5-95%-marge).")),
    "sectors": ("Sectors", "Sectoren"),
    "sectors_help": ("Employed residents by sector and by where they work, and open vacancies by sector.",
                     "Werkende inwoners naar sector en naar werklocatie, en openstaande vacatures per sector."),
    "flows": ("Flows", "Stromen"),
    "flows_help": ("Persons moving between work, unemployment, benefits and outside the labour force.",
                   "Personen die wisselen tussen werk, werkloosheid, uitkeringen en buiten de beroepsbevolking."),
    "programmes": ("Programmes", "Programma's"),
    "programmes_help": (("What the scenario's interventions did: participants started, in the programme, "
                         "completed and hired under the scheme (each person once; docs/compare.md, \"Counting "
                         "participants\"), and spending by funding stream (means over replications unless a band "
                         "is shown)."),
                        ("Wat de interventies van het scenario deden: gestarte deelnemers, deelnemers in het "
                         "programma, afgerond en aangenomen via de regeling (elke persoon één keer; docs/compare.md, "
                         "\"Counting participants\"), en uitgaven per financieringsbron (gemiddelden over "
                         "replicaties, tenzij een marge getoond wordt).")),
    "programme_table": ("Totals over the run", "Totalen over de hele run"),
    "intervention": ("intervention", "interventie"),
    "type": ("type", "type"),
    "median": ("median", "mediaan"),
    "range_5_95": ("5-95%", "5-95%"),
    "persons": ("persons", "personen"),
    "persons_per_month": ("persons per month", "personen per maand"),
    "persons_per_year": ("persons per year", "personen per jaar"),
    "percent_population": ("% of population 15-75", "% van de bevolking 15-75"),
    "percent": ("%", "%"),
    "eur": ("EUR", "euro"),
    # why a cost-effectiveness ratio is not shown (metrics/cost_effectiveness.py REASON_*)
    "ratio_not_distinguishable": ("not shown: the effect is not distinguishable from the baseline",
                                  "niet getoond: het effect is niet te onderscheiden van het basispad"),
    "ratio_not_positive": ("not shown: the effect is not positive", "niet getoond: het effect is niet positief"),
    "ratio_no_cost": ("no cost booked", "geen kosten geboekt"),
    "no_upper_bound": ("no upper bound", "geen bovengrens"),
    "summary": ("The numbers", "De cijfers"),
    "month": ("month", "maand"),
    "year": ("year", "jaar"),
    "group": ("group", "groep"),
    # run charts
    "fig_group_rates": ("By {dimension}, {year}", "Naar {dimension}, {year}"),
    "help_group_rates": ("Netto and bruto participation and the unemployment rate per group.",
                         "Netto en bruto arbeidsparticipatie en werkloosheid per groep."),
    "fig_gemeente_trend": ("Netto participation by gemeente", "Netto arbeidsparticipatie per gemeente"),
    "help_gemeente_trend": ("Annual averages per gemeente (medians across replications).",
                            "Jaargemiddelden per gemeente (medianen over replicaties)."),
    "fig_gemeente_benefits": ("Benefits by gemeente, {year}", "Uitkeringen per gemeente, {year}"),
    "help_gemeente_benefits": ("Residents receiving WW, bijstand or AO, and Wsw employees, per gemeente.",
                               "Inwoners met WW, bijstand of AO, en Wsw-medewerkers, per gemeente."),
    "fig_sector_employment": ("Employed residents by sector", "Werkende inwoners per sector"),
    "help_sector_employment": ("Residents employed in each sector, wherever they work.",
                               "Inwoners die in een sector werken, waar die baan ook is."),
    "fig_sector_location": ("Employed residents by sector and work location, {year}",
                            "Werkende inwoners per sector en werklocatie, {year}"),
    "help_sector_location": ("Medians across replications of the annual averages.",
                             "Medianen over replicaties van de jaargemiddelden."),
    "fig_sector_vacancies": ("Open vacancies by sector", "Openstaande vacatures per sector"),
    "help_sector_vacancies": ("Vacancies in the job markets residents search, all work locations together.",
                              "Vacatures op de arbeidsmarkten waar inwoners zoeken, alle werklocaties samen."),
    "fig_benefit_flows": ("Benefit flows", "Stromen in en uit uitkeringen"),
    "help_benefit_flows": ("Starting and ending WW and bijstand, and leaving them for work, per month.",
                           "Instroom in en uitstroom uit WW en bijstand, en uitstroom naar werk, per maand."),
    "fig_transitions": ("Quarterly transitions", "Overgangen per kwartaal"),
    "help_transitions": (("CBS labour-force-survey flows: of those unemployed (employed, outside the labour "
                          "force) three months earlier, the share employed (unemployed, in the labour force) now."),
                         ("Stromen zoals de CBS-enquête beroepsbevolking ze meet: van wie drie maanden eerder "
                          "werkloos (werkend, buiten de beroepsbevolking) was, het deel dat nu werkt "
                          "(werkloos is, tot de beroepsbevolking behoort).")),
    "fig_in_programme": ("Participants in each programme", "Deelnemers per programma"),
    "help_in_programme": ("Persons in the programme at the end of each month.",
                          "Personen in het programma aan het eind van elke maand."),
    "fig_enrolments": ("Participants started and hired under the scheme per year",
                       "Gestarte deelnemers en aangenomen via de regeling per jaar"),
    "help_enrolments": (("Persons entering the programme for the first time, and participants or recent leavers "
                         "starting work for the first time under the scheme, per year (mean over replications)."),
                        ("Personen die voor het eerst in het programma stromen, en deelnemers of recente "
                         "uitstromers die voor het eerst via de regeling aan het werk gaan, per jaar (gemiddelde "
                         "over replicaties).")),
    "fig_spending_streams": ("Spending by intervention and funding stream",
                             "Uitgaven per interventie en financieringsbron"),
    "help_spending_streams": ("Total over the run, mean over replications.",
                              "Totaal over de hele run, gemiddelde over replicaties."),
    "fig_spending_years": ("Spending per year by funding stream", "Uitgaven per jaar per financieringsbron"),
    "help_spending_years": ("All interventions together, mean over replications.",
                            "Alle interventies samen, gemiddelde over replicaties."),
    "spending": ("spending", "uitgaven"),
    "run_headline_cards": ("Headline figures", "Kerncijfers"),
    "jobs": ("Jobs in the region", "Banen in de regio"),
    "jobs_help": (("The employers inside the region: the jobs located there (held by residents and by "
                   "in-commuters), what they want to have, and the vacancies they post, fill and close unfilled."),
                  ("De werkgevers in de regio: de banen die er zijn (van inwoners en van inpendelaars), hoeveel "
                   "banen ze willen hebben, en de vacatures die ze openen, vervullen en onvervuld sluiten.")),
    "drivers": ("National drivers", "Landelijke omstandigheden"),
    "drivers_help": (("The national conditions this run was driven by (drivers.csv: the scenario's [economy] "
                      "path with its edits), next to the region's own unemployment rate and tightness in the "
                      "model, so you can see the region respond to the national economy."),
                     ("De landelijke omstandigheden die deze run aandreven (drivers.csv: het [economy]-pad van "
                      "het scenario met zijn aanpassingen), naast de eigen werkloosheid en spanning van de regio "
                      "in het model, zodat je ziet hoe de regio op de landelijke economie reageert.")),
    "fig_drivers": ("National drivers and the region", "Landelijke omstandigheden en de regio"),
    "help_drivers": (("Per year: GDP volume growth, and the national unemployment rate, tightness and open "
                      "vacancies. Full bars and solid lines are observed; lighter bars and dashed lines are "
                      "projections (CPB), dotted lines the last projection held; those years are shaded. Squares "
                      "are the region in the model (annual mean over months and replications), in the national "
                      "unit: tightness as open vacancies inside the region per 100 unemployed residents."),
                     ("Per jaar: de volumegroei van het bbp, en de landelijke werkloosheid, spanning en openstaande "
                      "vacatures. Volle staven en doorgetrokken lijnen zijn waargenomen; lichtere staven en "
                      "gestreepte lijnen zijn ramingen (CPB), gestippelde lijnen de laatste raming constant "
                      "gehouden; die jaren zijn gearceerd. Vierkantjes zijn de regio in het model (jaargemiddelde "
                      "over maanden en replicaties), in de landelijke eenheid: spanning als openstaande vacatures "
                      "in de regio per 100 werkloze inwoners.")),
    # compare dashboard
    "effects": ("Effects", "Effecten"),
    "effects_help": (("Scenario minus baseline, per month, in paired replications (same random numbers), "
                      "so the difference is the scenario's effect."),
                     ("Scenario min basispad, per maand, in gepaarde replicaties (dezelfde toevalsgetallen), "
                      "zodat het verschil het effect van het scenario is.")),
    "costs": ("Cost-effectiveness", "Kosteneffectiviteit"),
    "gross_net": ("Gross and net", "Bruto en netto"),
    "who_gains": ("Who gains", "Wie profiteert"),
    "probabilities": ("Probabilities", "Kansen"),
    "public_purse": ("Public purse", "Overheidsfinanciën"),
    "public_purse_help": (("Per payer over the whole run (mean over paired replications, 5-95% in brackets): what "
                           "it spent on the interventions, the benefits it saved (WW for UWV, bijstand for the "
                           "gemeenten) and the extra taxes and premiums it received from the net extra person-years "
                           "in work, at the levels of public_finance.toml (labelled assumptions); net cost = spending "
                           "- savings - revenue. The net public cost leaves out the sector funds and employers."),
                          ("Per betaler over de hele run (gemiddelde over gepaarde replicaties, 5-95% tussen "
                           "haakjes): wat hij aan de interventies uitgaf, de uitkeringen die hij bespaarde (WW voor "
                           "UWV, bijstand voor de gemeenten) en de extra belastingen en premies die hij ontving door "
                           "de netto extra persoonsjaren werk, tegen de bedragen van public_finance.toml (benoemde "
                           "aannames); nettokosten = uitgaven - besparingen - ontvangsten. De netto publieke kosten "
                           "laten de sectorfondsen en werkgevers weg.")),
    "fig_public_purse": ("Net cost by payer", "Nettokosten per betaler"),
    "help_public_purse": (("Spending minus benefit savings minus extra revenue, per payer and for all public payers "
                           "together; below zero the payer gains. Error bars: 5-95% across paired replications."),
                          ("Uitgaven min bespaarde uitkeringen min extra ontvangsten, per betaler en voor alle "
                           "publieke betalers samen; onder nul wint de betaler. Foutbalken: 5-95% over gepaarde "
                           "replicaties.")),
    "payer": ("payer", "betaler"),
    "purse_by_gemeente": ("Bijstand saved per gemeente", "Bespaarde bijstand per gemeente"),
    "cards": ("Scenario cards", "Scenariokaarten"),
    "cards_help": ("A plain-language summary per scenario, as written to scenario_cards.md (in English).",
                   "Een samenvatting in gewone taal per scenario, zoals in scenario_cards.md (in het Engels)."),
    "no_data": ("No data for this chart in the comparison.", "Geen gegevens voor deze grafiek in de vergelijking."),
    "fig_effect": ("Effect on netto participation 15-75", "Effect op netto arbeidsparticipatie 15-75"),
    "help_effect": (("Change in netto participation (employed share of residents 15-75), scenario minus "
                     "baseline, in percentage points: median across paired replications and the 5-95% range."),
                    ("Verandering van de netto arbeidsparticipatie (werkend deel van de inwoners 15-75), "
                     "scenario min basispad, in procentpunten: mediaan over gepaarde replicaties en de "
                     "5-95%-marge.")),
    "pp_change": ("percentage points (scenario - baseline)", "procentpunten (scenario - basispad)"),
    "fig_cost": ("Cost per extra person-year against the net effect",
                 "Kosten per extra persoonsjaar tegen het netto-effect"),
    "help_cost": (("Diamonds: scenarios, with net extra person-years in work (everyone, after displacement) "
                   "and the cost per net extra person-year. Circles: instruments, with their participants' "
                   "extra person-years (before displacement) and the cost per extra participant person-year. "
                   "Lower and further right is better. Each cost is total cost over total effect across all runs; "
                   "its bar is the 5-95% bootstrap interval. A cost is shown only where the effect is positive "
                   "and distinguishable from the baseline."),
                  ("Ruiten: scenario's, met de netto extra persoonsjaren werk (iedereen, na verdringing) en "
                   "de kosten per netto extra persoonsjaar. Rondjes: instrumenten, met de extra persoonsjaren "
                   "van hun deelnemers (voor verdringing) en de kosten per extra persoonsjaar van deelnemers. "
                   "Lager en verder naar rechts is beter. Elke kostenpost is de totale kosten gedeeld door het "
                   "totale effect over alle runs; de foutbalk is het 5-95%-bootstrapinterval. Kosten worden "
                   "alleen getoond waar het effect positief en van het basispad te onderscheiden is.")),
    "cost_axis": ("EUR per extra person-year (log scale)", "euro per extra persoonsjaar (logaritmische schaal)"),
    "effect_axis": ("extra person-years in work", "extra persoonsjaren werk"),
    "scenario_marker": ("scenario (net, everyone)", "scenario (netto, iedereen)"),
    "instrument_marker": ("instrument (participants)", "instrument (deelnemers)"),
    "cost_missing": ("Not shown: {names}", "Niet getoond: {names}"),
    "fig_gross_net": ("Gross and net person-years in work", "Bruto en netto persoonsjaren werk"),
    "help_gross_net": (("Participants' extra person-years compare each participant with their own baseline self "
                        "(gross); displacement is what non-participants lose; the net effect for everyone is "
                        "the difference."),
                       ("De extra persoonsjaren van deelnemers vergelijken elke deelnemer met zichzelf in het "
                        "basispad (bruto); verdringing is wat niet-deelnemers verliezen; het netto-effect voor "
                        "iedereen is het verschil.")),
    "person_years": ("person-years", "persoonsjaren"),
    "fig_instruments": ("Hired under the scheme and extra person-years per instrument",
                        "Aangenomen via de regeling en extra persoonsjaren per instrument"),
    "help_instruments": (("Persons hired under the scheme (while in the programme or within its follow-up; gross, "
                          "each person once) next to the participants' extra person-years against their baseline "
                          "selves."),
                         ("Personen aangenomen via de regeling (tijdens het programma of in de volgperiode; bruto, "
                          "elke persoon één keer) naast de extra persoonsjaren van deelnemers ten opzichte van "
                          "zichzelf in het basispad.")),
    "fig_deadweight": ("Deadweight per instrument", "Meeneemeffect (deadweight) per instrument"),
    "help_deadweight": (("Of the participants in work after the follow-up period, the share who were in work "
                         "at that time in the baseline too: they would have found work anyway."),
                        ("Van de deelnemers die na de volgperiode werken, het deel dat op dat moment ook in het "
                         "basispad werkte: zij hadden ook zonder programma werk gevonden.")),
    "share_percent": ("% of participants in work", "% van de werkende deelnemers"),
    "fig_target_groups": ("Who gains: participants' extra person-years by target group",
                          "Wie profiteert: extra persoonsjaren van deelnemers per doelgroep"),
    "help_target_groups": (("Summed over the scenario's instruments; groups as at enrolment. Hover for the "
                            "number of participants."),
                           ("Opgeteld over de instrumenten van het scenario; groepen zoals bij instroom. Beweeg "
                            "over een staaf voor het aantal deelnemers.")),
    "fig_gemeenten": ("Who gains: change in employed residents by gemeente, {year}",
                      "Wie profiteert: verandering in werkende inwoners per gemeente, {year}"),
    "help_gemeenten": (("Everyone living in the gemeente, participants or not (after displacement), annual "
                        "average: mean with the 5-95% range."),
                       ("Alle inwoners van de gemeente, deelnemer of niet (na verdringing), jaargemiddelde: "
                        "gemiddelde met de 5-95%-marge.")),
    "change_employed": ("change in employed persons", "verandering in werkende personen"),
    "fig_probabilities": ("Probability of higher netto participation in {year}",
                          "Kans op hogere netto arbeidsparticipatie in {year}"),
    "help_probabilities": (("Share of paired runs (replications, or parameter draws x replications) in which the "
                            "scenario (row) has a higher netto participation than the baseline or the other scenario "
                            "(column). 'Not distinguishable': the difference is inside the noise of these runs (its "
                            "5-95% range includes zero or its mean is below the smallest detectable effect), whatever "
                            "the share."),
                           ("Deel van de gepaarde runs (replicaties, of parametertrekkingen x replicaties) waarin het "
                            "scenario (rij) een hogere netto arbeidsparticipatie heeft dan het basispad of het andere "
                            "scenario (kolom). 'Niet te onderscheiden': het verschil valt binnen de ruis van deze runs "
                            "(de 5-95%-marge bevat nul of het gemiddelde is kleiner dan het kleinste aantoonbare "
                            "effect), hoe groot het deel ook is.")),
    "beats": ("beats", "wint van"),
    "probability": ("probability", "kans"),
    "versus": ("versus", "tegen"),
    # sensitivity dashboard
    "ranking": ("Ranking", "Rangorde"),
    "ranking_help": (("Which uncertain parameters move the outcome most (SALib). Morris: mu* is the mean "
                      "absolute effect, sigma its spread. Sobol: S1 is a parameter's own share of the "
                      "variance, ST its total share including interactions."),
                     ("Welke onzekere parameters de uitkomst het meest bewegen (SALib). Morris: mu* is het "
                      "gemiddelde absolute effect, sigma de spreiding ervan. Sobol: S1 is het eigen aandeel "
                      "van een parameter in de variantie, ST het totale aandeel inclusief interacties.")),
    "one_at_a_time": ("One at a time", "Een voor een"),
    "one_at_a_time_help": (("Each parameter at the low and the high end of its range, the others at their "
                            "defaults."),
                           ("Elke parameter aan de onder- en bovenkant van zijn bereik, de andere op hun "
                            "standaardwaarde.")),
    "noise_share": ("Share of the variance that is replication noise: {share}",
                    "Deel van de variantie dat toevalsruis tussen replicaties is: {share}"),
    "help_morris": (("Far right: the parameter moves the outcome a lot; high up: its effect depends on the "
                     "other parameters or is non-linear. Error bars: 95% bootstrap interval of mu*."),
                    ("Ver naar rechts: de parameter beweegt de uitkomst sterk; hoog: het effect hangt af van "
                     "andere parameters of is niet-lineair. Foutbalken: 95%-bootstrapinterval van mu*.")),
    "help_sobol": (("Bars: first-order (own) and total-order (with interactions) shares of the variance of "
                    "the outcome, with 95% intervals."),
                   ("Staven: eerste-orde (eigen) en totale (met interacties) aandelen in de variantie van de "
                    "uitkomst, met 95%-intervallen.")),
    "outcome": ("Outcome", "Uitkomst"),
    "parameter": ("parameter", "parameter"),
    # calibration dashboard
    "fit": ("Fit to the targets", "Aansluiting op de doelen"),
    "fit_help": (("Each CBS/UWV target against the calibrated model: z is (model - target) / half-width of "
                  "the target's band, so between -1 and +1 is within the band."),
                 ("Elk CBS/UWV-doel tegen het gekalibreerde model: z is (model - doel) / halve breedte van de "
                  "band van het doel, dus tussen -1 en +1 valt binnen de band.")),
    "fit_summary": ("Fitted: {within} of {count} targets within their band.",
                    "Gekalibreerd: {within} van de {count} doelen binnen hun band."),
    "kept_summary": ("Kept back from the fit (out-of-sample predictions): {within} of {count} within their band.",
                     "Buiten de kalibratie gehouden (voorspellingen buiten de steekproef): {within} van de {count} "
                     "binnen hun band."),
    "fitted_targets": ("Fitted targets", "Gekalibreerde doelen"),
    "fitted_targets_help": ("Targets in the objective the calibration minimised.",
                            "Doelen in de doelfunctie die de kalibratie minimaliseerde."),
    "kept_back_targets": ("Kept back from the fit: how well the calibrated model predicts them",
                          "Buiten de kalibratie gehouden: hoe goed het gekalibreerde model ze voorspelt"),
    "kept_back_targets_help": (("These targets were left out of the objective, so the calibrated model's values are "
                        "out-of-sample predictions: z and 'within' say how good they are."),
                       ("Deze doelen telden niet mee in de doelfunctie, dus de waarden van het gekalibreerde "
                        "model zijn voorspellingen buiten de steekproef: z en 'within' zeggen hoe goed ze zijn.")),
    "other_targets": ("Targets not compared", "Niet vergeleken doelen"),
    "other_targets_help": (("The model has no counterpart for these targets, or the runs do not simulate their "
                            "years; the last column says why."),
                           ("Het model heeft geen tegenhanger voor deze doelen, of de runs simuleren hun jaren "
                            "niet; de laatste kolom zegt waarom.")),
    "agreement": ("Cold start against history", "Koude start tegen historie"),
    "agreement_title": ("A cold start against the history run", "Een koude start tegen de historische run"),
    "agreement_help": (("A cold start in {year} builds the population from the region's {year} figures instead "
                        "of running through the years before (the shipped baseline warms up from 2008 and is "
                        "the history run). Over the years both runs share the gap should close."),
                       ("Een koude start in {year} bouwt de bevolking uit de cijfers van de regio voor {year} in "
                        "plaats van de jaren ervoor door te rekenen (het meegeleverde basispad warmt op vanaf 2008 "
                        "en is de historische run). In de jaren die beide runs delen hoort het verschil te "
                        "verdwijnen.")),
    "fig_agreement": ("Baseline minus history run, per year", "Basispad min historische run, per jaar"),
    "help_agreement": (("The difference of the annual means (over months and replications) per measure; "
                        "bars near zero mean the two designs agree."),
                       ("Het verschil van de jaargemiddelden (over maanden en replicaties) per maat; staven "
                        "dicht bij nul betekenen dat de twee opzetten overeenkomen.")),
    "history_run": ("history run", "historische run"),
    "baseline_design": ("baseline", "basispad"),
    "difference": ("difference", "verschil"),
    "fig_drivers_history": ("National drivers and the history run", "Landelijke omstandigheden en de historische run"),
    "help_drivers_history": (("The national conditions the history run was driven by, per year (drivers.csv), "
                              "with the history run's own annual unemployment rate and tightness at the fitted "
                              "values; dashed and lighter: projected years, dotted: held."),
                             ("De landelijke omstandigheden die de historische run aandreven, per jaar "
                              "(drivers.csv), met de eigen jaarlijkse werkloosheid en spanning van de historische "
                              "run bij de gekalibreerde waarden; gestreept en lichter: geraamde jaren, gestippeld: "
                              "constant gehouden.")),
    "fig_residuals": ("Standardised residuals", "Gestandaardiseerde residuen"),
    "fig_relative": ("Model relative to each target", "Model ten opzichte van elk doel"),
    "search": ("Search", "Zoektocht"),
    "search_help": (("Every parameter set the calibration tried, in order, with the objective (mean z^2 over "
                     "the targets; lower is better) and the best so far."),
                    ("Elke parameterset die de kalibratie probeerde, op volgorde, met de doelfunctie "
                     "(gemiddelde z^2 over de doelen; lager is beter) en de beste tot dan toe.")),
    "fig_search": ("Objective per parameter set", "Doelfunctie per parameterset"),
    "tried": ("parameter set tried", "geprobeerde parameterset"),
    "best_so_far": ("best so far", "beste tot dan toe"),
    "evaluation": ("parameter set (in order)", "parameterset (op volgorde)"),
    "objective_axis": ("objective (log scale)", "doelfunctie (logaritmische schaal)"),
    "fig_fitted": ("Fitted values within their ranges", "Gekalibreerde waarden binnen hun bereik"),
    "help_fitted": (("Each free parameter's searched range from 0 (low) to 1 (high): where the search "
                     "started and where it ended. Values at an edge suggest the range is too narrow."),
                    ("Het doorzochte bereik van elke vrije parameter van 0 (onder) tot 1 (boven): waar de "
                     "zoektocht begon en waar hij eindigde. Waarden op een rand wijzen op een te smal bereik.")),
    "position_axis": ("position in the searched range (0 = low, 1 = high)",
                      "positie in het doorzochte bereik (0 = onder, 1 = boven)"),
    "start_value": ("starting value", "startwaarde"),
    "fitted_value": ("fitted value", "gekalibreerde waarde"),
    "reports": ("Reports", "Rapporten"),
    "reports_help": ("The full reports next to this file (they open only where the folder is).",
                     "De volledige rapporten naast dit bestand (ze openen alleen waar de map staat)."),
    "fit_report_link": (("Fit report with the trajectories of the history run, a cold start and the "
                         "starting values (fit-report.html)"),
                        ("Aansluitingsrapport met de tijdpaden van de historische run, een koude start en de "
                         "startwaarden (fit-report.html)")),
    "plausibility_link": (("Plausibility of the programme effects against the evaluation evidence "
                           "(plausibility.html)"),
                          ("Plausibiliteit van de programma-effecten tegen de evaluatieliteratuur "
                           "(plausibility.html)")),
    "plausibility": ("Plausibility", "Plausibiliteit"),
    "plausibility_help": (("Each programme's effect on its participants by months since enrolment (median "
                           "and 5-95% across replications), with the evaluation evidence as shaded boxes."),
                          ("Het effect van elk programma op zijn deelnemers naar maanden sinds instroom "
                           "(mediaan en 5-95% over replicaties), met de evaluatieliteratuur als gearceerde "
                           "vakken.")),
}

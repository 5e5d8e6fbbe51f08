"""The demo Handlungskonzept's text, taken from the source presentation (Stand 27.01.2021).

Every fact here is in ``seed/KIM-Rhein-Kreis-Neuss-2021.md``; nothing is added to it but wording.
Version 1.0 is what the steering group adopted; the draft 1.1 changes a few sections, and the
working groups comment on it. Sections are ``(level, heading, body)`` with Markdown bodies.
"""

from __future__ import annotations

TITLE = "Kreisweites Handlungskonzept KIM Rhein-Kreis Neuss"
SLUG = "handlungskonzept"
DESCRIPTION = (
    "Ziele, Bausteine, Zielgruppen, Organisationsstruktur und Case-Management des Kommunalen "
    "Integrationsmanagements (KIM) im Rhein-Kreis Neuss. Die Lenkungsgruppe beschließt jede "
    "Fassung; die beschlossene Fassung ist öffentlich, Entwürfe sehen nur die beteiligten Gremien."
)

DURCHSTARTEN = "„Durchstarten in Ausbildung und Arbeit“"

SECTIONS: list[tuple[int, str, str]] = [
    (
        1,
        "Ausgangslage und Auftrag",
        "Mit dem Kommunalen Integrationsmanagement (KIM) setzt der Rhein-Kreis Neuss die "
        "Vorgaben des Landes Nordrhein-Westfalen um:\n\n"
        "- das verbindliche Handlungskonzept des Landes NRW,\n"
        "- die Richtlinie über die Gewährung von Zuwendungen zur Implementierung und zum Betrieb "
        "eines strategischen kommunalen Integrationsmanagements in den Kommunen (Kommunales "
        "Integrationsmanagement NRW) vom 25.11.2020, veröffentlicht am 30.11.2020,\n"
        "- § 1 Nr. 8 Teilhabe- und Integrationsgesetz.\n\n"
        "Grundlage dieses Konzepts ist die Konzeption „Erstellung eines kreisweiten "
        "Handlungskonzeptes KIM im Rhein-Kreis Neuss“ (Stand: 27.01.2021). Es knüpft an "
        "bestehende Ansätze und Programme an:\n\n"
        "- Konzept zur Integration von Flüchtlingen im Rhein-Kreis Neuss\n"
        "- Modellprojekt „Ankommen in Deutschland“\n"
        "- Modellprojekt „Einwanderung gestalten“\n"
        f"- Landesinitiativen „Gemeinsam klappt's“ / {DURCHSTARTEN}\n"
        "- Kompass D",
    ),
    (
        1,
        "Ziele",
        "KIM verfolgt drei Ziele:\n\n"
        "1. Förderung einer besseren **rechtskreisübergreifenden Zusammenarbeit** zur "
        "Integration, insbesondere geflüchteter Menschen ohne bisherigen Zugang zu einem "
        "Fallmanagement – von der Einreise bis zur Einbürgerung\n"
        "2. Integrierte kommunale **Steuerung und Organisation** von Integrationsprozessen\n"
        "3. **Optimierung von Verwaltungsprozessen**\n\n"
        "Der Schwerpunkt liegt auf der Optimierung von Verwaltungsprozessen zur Integration von "
        "Flüchtlingen. Insgesamt sollen die vielfältigen Angebote und Leistungen in der "
        "Integrationsarbeit innerhalb und außerhalb der Kommunalverwaltung koordiniert und "
        "einheitlich ausgerichtet werden.",
    ),
    (
        1,
        "Bausteine",
        "KIM besteht aus drei Bausteinen, die im Rhein-Kreis Neuss gemeinsam umgesetzt werden.",
    ),
    (
        2,
        "Baustein 1: Strategischer Overhead",
        "Implementierung einer strategischen koordinierenden Ebene zur Steuerung. Diese Aufgabe "
        "übernimmt die Koordinierende Stelle (KI) als organisatorische Einheit (siehe "
        "Organisationsstruktur).",
    ),
    (
        2,
        "Baustein 2: Rechtskreisübergreifendes Case-Management",
        "Einrichtung eines rechtskreisübergreifenden individuellen Case-Managements. Aufgaben, "
        "Stellen und Zuständigkeiten beschreibt der Abschnitt Case-Management.",
    ),
    (
        2,
        "Baustein 3: Förderung der Einbürgerung",
        "Förderung der Einbürgerung. Das Konzept betrachtet den Integrationsweg von der Einreise "
        "bis zur Einbürgerung als Ganzes.",
    ),
    (
        1,
        "Zielgruppen in drei Stufen",
        "Die Zielgruppe wird aufbauend in drei Stufen erweitert:\n\n"
        "| Stufe | Zeitraum | Zielgruppe |\n"
        "|---|---|---|\n"
        "| 1 | bis 31.12.2022 | junge Zugewanderte von ca. 18 bis 35 Jahren, ohne junge Geduldete "
        "und Gestattete von 18 bis 27 Jahren |\n"
        "| 2 | ab 01.01.2023 | zusätzlich Geduldete und Gestattete von 18 bis 27 Jahren |\n"
        "| 3 | im weiteren Verlauf | weitere Alters- oder Zielgruppen |",
    ),
    (
        2,
        "Stufe 1: Junge Zugewanderte von 18 bis 35 Jahren",
        "Bis zum 31.12.2022 richtet sich KIM an Jugendliche und junge erwachsene Zugewanderte im "
        "Alter von ca. 18 bis 35 Jahren, ohne Berücksichtigung der jungen Geduldeten und "
        "Gestatteten im Alter von 18 bis 27 Jahren.\n\n"
        f"- Abgrenzung zur Landesinitiative {DURCHSTARTEN}\n"
        "- Abstimmung mit dem Jugendmigrationsdienst (JMD) notwendig, der die 12- bis "
        "27-Jährigen begleitet",
    ),
    (
        2,
        "Stufe 2: Erweiterung um junge Geduldete und Gestattete",
        "Ab dem 01.01.2023 wird die Zielgruppe um die 18- bis 27-jährigen Geduldeten und "
        f"Gestatteten aus der Landesinitiative {DURCHSTARTEN} erweitert.",
    ),
    (
        2,
        "Stufe 3: Weitere Alters- und Zielgruppen",
        "In einer dritten Stufe kommen weitere Alters- oder Zielgruppen mit besonderen "
        "Integrationsbedarfen oder guten Integrationschancen hinzu.",
    ),
    (
        1,
        "Organisationsstruktur",
        "KIM wird von einer Koordinierenden Stelle als organisatorischer Einheit getragen, von "
        "einer Lenkungsgruppe auf Leitungsebene gesteuert und durch Arbeitsgruppen unterhalb der "
        "Lenkungsgruppe umgesetzt. Die Ebene unterhalb der Lenkungsgruppe stimmt die Arbeit "
        "einerseits auf **Verfahrensebene**, andererseits auf **Fallebene** ab. Das kreisweite "
        "Konzept klärt die Schnittstellen und Abgrenzungen zu anderen Programmen und bindet die "
        "kreisangehörigen Städte und die Gemeinde ein.\n\n"
        "| Gremium / Stelle | Ebene | Kernaufgabe |\n"
        "|---|---|---|\n"
        "| Lenkungsgruppe | Dezernenten-/Leitungsebene | strategische Steuerung, Entscheidungen |\n"
        "| AG Verfahrensebene | unterhalb der Lenkungsgruppe | Verwaltungsabläufe optimieren |\n"
        "| AG Fallebene | unterhalb der Lenkungsgruppe | Bedarfe der Zielgruppe, Angebote |\n"
        "| Koordinierende Stelle (KI) | Geschäftsführung | Koordination des Gesamtprozesses |",
    ),
    (
        2,
        "Koordinierende Stelle (KI)",
        "Die Koordinierende Stelle hat folgende Aufgaben:\n\n"
        "- Steuerungsverantwortung und Koordination des Gesamtprozesses\n"
        "- Umsetzung der strategischen Arbeit\n"
        "- Federführung bei der Erstellung und Umsetzung des kreisweiten Handlungskonzeptes\n"
        "- Einrichtung und Begleitung der Lenkungsgruppe und der notwendigen Arbeitsgruppen\n"
        "- Fachaufsicht und Koordinierung der Case-Manager-Stellen",
    ),
    (
        2,
        "Lenkungsgruppe",
        "Die Lenkungsgruppe ist das Entscheidergremium auf Dezernenten- und Leitungsebene. Den "
        "Vorsitz hat der Kreisdirektor, die Geschäftsführung liegt bei der KI (Kommunale "
        "Koordinierung). Sie tagt etwa zweimal im Jahr und bei Bedarf.\n\n"
        "Aufgaben:\n\n"
        "- Gewährleistung der strategischen Steuerung von KIM\n"
        "- Weiterentwicklung des kreisweiten Handlungskonzeptes\n"
        "- Entscheidungen über Vorschläge aus den Arbeitsgruppen\n"
        "- Aufbau einer integrierten kreisweiten Steuerung der Integration\n\n"
        "Mitglieder sind verwaltungsinterne und verwaltungsexterne Integrationsakteure auf "
        "Leitungsebene:\n\n"
        "- je ein Dezernent oder eine Dezernentin der kreisangehörigen Kommunen (aus dem Bereich "
        "Integration und/oder Jugend)\n"
        "- Dezernent Schule, Kultur und Jugend des Rhein-Kreises Neuss\n"
        "- Dezernent Ausländerbehörde des Rhein-Kreises Neuss\n"
        "- Leitung Jobcenter\n"
        "- Leitung Agentur für Arbeit\n"
        "- Leitung Außenstelle BAMF Düsseldorf\n"
        "- Sprecher der AG Wohlfahrtsverbände im Rhein-Kreis Neuss\n"
        "- Wirtschaft",
    ),
    (
        3,
        "Arbeitsgruppe Verfahrensebene",
        "Die Arbeitsgruppe auf Verfahrensebene arbeitet unterhalb der Lenkungsgruppe:\n\n"
        "- Identifizierung von Lücken und Bedarfen in Verwaltungsabläufen\n"
        "- Optimierung der Verfahrens- und Verwaltungsabläufe mit dem Ziel einer "
        "rechtskreisübergreifenden Zusammenarbeit\n"
        "- Vorbereitung von Entscheidungen der Lenkungsgruppe",
    ),
    (
        3,
        "Arbeitsgruppe Fallebene",
        "Die Arbeitsgruppe auf Fallebene arbeitet unterhalb der Lenkungsgruppe:\n\n"
        "- Identifizierung von Bedarfen der Zielgruppe\n"
        "- Entwicklung und Bereitstellung von Unterstützungsangeboten\n"
        "- Besprechung von Einzelfällen\n"
        "- Vorbereitung von Entscheidungen der Lenkungsgruppe\n\n"
        "Abschließend entscheidet die Lenkungsgruppe.",
    ),
    (
        1,
        "Case-Management",
        "Das Land fördert **6 Personalstellen** für das Case-Management im Rhein-Kreis Neuss. "
        "Die Zuständigkeit wird nach Kommunen aufgeteilt, damit der ganze Kreis bedient wird; "
        "die Aufteilung berücksichtigt die jeweiligen Flüchtlingszahlen. Die KI hat die "
        "Fachaufsicht über das Case-Management (strategische Steuerung).",
    ),
    (
        2,
        "Aufgaben des Case-Managements",
        "Auf der operativen Ebene des individuellen Case-Managements:\n\n"
        "- Zugang zur Zielgruppe schaffen\n"
        "- Beratung bzw. Verweisberatung und Begleitung der Zugewanderten – der einzelne Mensch "
        "wird mit seiner Lebensbiographie in den Blick genommen\n"
        "- Unterstützung bei der Realisierung der Bedarfe Zugewanderter\n\n"
        "Steuerungsunterstützend, in Abgrenzung zum klassischen Case-Management:\n\n"
        "- Impulsgeber für die Weiterentwicklung der interkommunalen Zusammenarbeit\n"
        "- Schnittstellenbegutachtung: Was läuft gut? Was läuft schlecht?\n"
        "- Verknüpfung der Integrationsprozesse\n\n"
        "Damit ist das Case-Management Initiator zur Optimierung von Verwaltungsprozessen "
        "(Steuerungsmechanismus).",
    ),
    (
        1,
        "Rechtskreisübergreifende Zusammenarbeit",
        "Kern von KIM ist die bessere Zusammenarbeit über die Rechtskreise hinweg. In der "
        "Lenkungsgruppe sitzen deshalb neben den Kommunen und dem Kreis das Jobcenter, die "
        "Agentur für Arbeit, die Außenstelle des BAMF, die Wohlfahrtsverbände und die "
        "Wirtschaft. Die Arbeitsgruppe Verfahrensebene optimiert die Verwaltungsabläufe mit "
        "diesem Ziel; die Schnittstellenbegutachtung des Case-Managements zeigt, wo die "
        "Zusammenarbeit gut läuft und wo nicht. Das kreisweite Konzept klärt die Schnittstellen "
        "und Abgrenzungen zu anderen Programmen, etwa zur Landesinitiative "
        f"{DURCHSTARTEN} und zum Jugendmigrationsdienst.",
    ),
    (
        1,
        "Controlling und Fortschreibung",
        "Die KI steuert und koordiniert den Gesamtprozess und führt bei der Umsetzung des "
        "Handlungskonzeptes die Feder. Die Arbeitsgruppen bereiten Vorschläge vor; die "
        "Lenkungsgruppe entscheidet über sie und entwickelt das Handlungskonzept weiter. Jede "
        "Fortschreibung wird von der Lenkungsgruppe beschlossen; die Übergänge zwischen den "
        "Stufen der Zielgruppe (31.12.2022 / 01.01.2023) sind Anlass, das Konzept zu überprüfen.",
    ),
]

# --- the draft 1.1 -----------------------------------------------------------------------------

CHANGE_NOTE = (
    "Stufe 2 der Zielgruppe ist seit dem 01.01.2023 erreicht und neu gefasst; Baustein 3 um die "
    "Einbürgerungsberatung ergänzt; Case-Management um die Berichte an die AG Fallebene ergänzt."
)
REVIEW_NOTE = (
    "Bitte prüfen Sie vor allem die neu gefasste Stufe 2, den neuen Abschnitt "
    "Einbürgerungsberatung und die Ergänzung beim Case-Management."
)

STAGE_2_HEADING = "Stufe 2: Erweiterung um junge Geduldete und Gestattete"
STAGE_2_NEW = (
    "Seit dem 01.01.2023 gehören auch die 18- bis 27-jährigen Geduldeten und Gestatteten zur "
    f"Zielgruppe, die bis dahin die Landesinitiative {DURCHSTARTEN} begleitet hat. Die "
    "Abgrenzung aus Stufe 1 entfällt damit für diese Gruppe."
)

CASE_MANAGEMENT_HEADING = "Case-Management"
CASE_MANAGEMENT_NEW = (
    {heading: body for _level, heading, body in SECTIONS}[CASE_MANAGEMENT_HEADING]
    + "\n\nDie Case-Managerinnen und Case-Manager bringen ihre "
    "Schnittstellenbegutachtung in die Arbeitsgruppe Fallebene ein; dort werden Bedarfe der "
    "Zielgruppe identifiziert und Entscheidungen der Lenkungsgruppe vorbereitet."
)

NATURALISATION_AFTER = "Baustein 3: Förderung der Einbürgerung"
NATURALISATION = (
    3,
    "Einbürgerungsberatung",
    "Zur Förderung der Einbürgerung wird eine Einbürgerungsberatung aufgebaut. Sie knüpft an die "
    "Beratung und Verweisberatung des Case-Managements an.",
)
NATURALISATION_PROPOSED = (
    "Zur Förderung der Einbürgerung wird eine Einbürgerungsberatung aufgebaut. Sie knüpft an die "
    "Beratung und Verweisberatung des Case-Managements an, damit der Integrationsweg von der "
    "Einreise bis zur Einbürgerung begleitet wird. Abläufe und Zuständigkeiten erarbeitet die "
    "Arbeitsgruppe Verfahrensebene und legt sie der Lenkungsgruppe zur Entscheidung vor."
)

STAGE_2_PROPOSED = (
    STAGE_2_NEW + " Die Abstimmung mit dem Jugendmigrationsdienst (JMD), der die 12- bis "
    "27-Jährigen begleitet, bleibt auch in Stufe 2 notwendig."
)

# (author email, body slug, section heading, text, proposed text or None, handling or None)
# Handling is (status, response): the secretariat's answer or acceptance.
COMMENTS: list[tuple[str, str, str, str, str | None, tuple[str, str] | None]] = [
    (
        "ag-leitung@demo.example",
        "ag-verfahrensebene",
        STAGE_2_HEADING,
        "Die Abstimmung mit dem JMD betrifft die 18- bis 27-Jährigen auch nach der Erweiterung. "
        "Wir schlagen vor, das in Stufe 2 ausdrücklich zu sagen.",
        STAGE_2_PROPOSED,
        None,
    ),
    (
        "vertretung.jobcenter@demo.example",
        "ag-verfahrensebene",
        "Rechtskreisübergreifende Zusammenarbeit",
        f"Aus Sicht des Jobcenters sollte die Abgrenzung zu {DURCHSTARTEN} nicht nur hier, "
        "sondern auch bei den Zielgruppen erläutert werden.",
        None,
        None,
    ),
    (
        "ag-fallebene@demo.example",
        "ag-fallebene",
        "Einbürgerungsberatung",
        "Der neue Abschnitt sollte sagen, wer die Abläufe der Einbürgerungsberatung festlegt. "
        "Textvorschlag anbei.",
        NATURALISATION_PROPOSED,
        (
            "accepted",
            "Übernommen; die AG Verfahrensebene wird in der nächsten Sitzung damit befasst.",
        ),
    ),
    (
        "cm@demo.example",
        "ag-fallebene",
        "Case-Management",
        "Gilt die Aufteilung der Zuständigkeit nach Kommunen unverändert weiter, wenn sich die "
        "Flüchtlingszahlen verschieben?",
        None,
        (
            "answered",
            "Die Aufteilung berücksichtigt die jeweiligen Flüchtlingszahlen. Eine Änderung "
            "bereitet die AG Fallebene vor; die Lenkungsgruppe entscheidet darüber.",
        ),
    ),
    (
        "wohlfahrt@demo.example",
        "ag-fallebene",
        "Stufe 3: Weitere Alters- und Zielgruppen",
        "Die Wohlfahrtsverbände bitten darum, Stufe 3 in der nächsten Fortschreibung mit "
        "konkreten Gruppen zu füllen; die Migrationsberatung bringt Vorschläge in die AG "
        "Fallebene ein.",
        None,
        None,
    ),
]

/// Short closed questions that bring the caller back to the script after an objection answer.
///
/// Seed 001's autonomous agent answers an objection, then asks one of 36 varied closed
/// questions so the next answer is a yes/no the rail can route on. Variety matters: the same
/// question twice sounds robotic, hence the dialogue engine's shuffled, non-repeating draw.
///
/// ```swift
/// RailReturnQuestions.all.count // 40
/// ```
public enum RailReturnQuestions {
    public static let all: [String] = [
        "Ça vous parle ?",
        "Vous voyez l'idée ?",
        "Vous êtes d'accord ?",
        "C'est plus clair ?",
        "Ça vous rassure un peu ?",
        "Ça répond à votre question ?",
        "Ça vous semble logique ?",
        "Vous me suivez ?",
        "C'est cohérent pour vous ?",
        "Ça vous convient ?",
        "On continue ?",
        "Je peux poursuivre ?",
        "Ça vous va ?",
        "Vous comprenez ma démarche ?",
        "Ça vous paraît raisonnable ?",
        "C'est intéressant, non ?",
        "Ça mérite qu'on en parle, vous ne trouvez pas ?",
        "Ça vous donne envie d'en savoir plus ?",
        "Vous voyez où je veux en venir ?",
        "Ça change un peu les choses, non ?",
        "Ça vous paraît juste ?",
        "C'est rassurant, n'est-ce pas ?",
        "Est-ce que ça vous éclaire ?",
        "Vous êtes partant pour la suite ?",
        "On avance ensemble ?",
        "Je vous explique la suite ?",
        "Ça vous intéresse d'en savoir davantage ?",
        "Ça tient la route, non ?",
        "Vous seriez d'accord pour voir ça de plus près ?",
        "C'est le genre de chose qui pourrait vous servir, non ?",
        "Ça correspond à ce que vous cherchez ?",
        "Ça vous semble simple, comme ça ?",
        "Vous avez ce qu'il vous faut pour décider ?",
        "Est-ce que c'est plus clair maintenant ?",
        "Ça lève votre doute ?",
        "On peut passer à l'étape suivante ?",
        "Vous voulez bien qu'on regarde ensemble ?",
        "Ça vous tente ?",
        "C'est bon pour vous ?",
        "Ça vous paraît intéressant ?",
    ]
}

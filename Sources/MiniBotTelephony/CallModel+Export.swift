// This target's API speaks the call vocabulary (results, sentiments, AMD verdicts, Q.850 causes,
// turns, call ids); its clients get those types with it rather than importing a second module.
@_exported import MiniBotCallModel

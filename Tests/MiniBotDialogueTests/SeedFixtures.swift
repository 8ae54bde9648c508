/// Seed 000 §4.2's `scenarios/rdv_energie.json`, pasted verbatim (it references steps it does not define).
enum SeedFixtures {
    static let seed000Scenario = #"""
{
  "metadata": {
    "name": "rdv_energie",
    "description": "Prise de RDV audit énergétique",
    "version": "3.0",
    "theme_file": "objections_energie",
    "voice": "julie",
    "barge_in_default": true,
    "objective": "Prise de rendez-vous"
  },

  "variables": {
    "first_name": "{{first_name}}",
    "company_name": "EcoEnergie",
    "agent_name": "Julie"
  },

  "steps": {
    "hello": {
      "message_text": "Bonjour {{first_name}}, je suis Julie de EcoEnergie...",
      "audio_file": "/usr/share/freeswitch/sounds/minibot/julie/base/hello.wav",
      "audio_type": "audio",
      "voice": "julie",
      "barge_in": true,
      "timeout": 15,
      "max_autonomous_turns": 2,
      "intent_mapping": {
        "affirm": "q1",
        "deny": "retry_hello",
        "unsure": "q1",
        "silence": "retry_silence",
        "*": "retry_hello"
      }
    },

    "q1": {
      "message_text": "Êtes-vous propriétaire de votre logement ?",
      "audio_file": "/usr/share/freeswitch/sounds/minibot/julie/base/q1.wav",
      "audio_type": "audio",
      "voice": "julie",
      "barge_in": true,
      "timeout": 15,
      "max_autonomous_turns": 2,
      "intent_mapping": {
        "affirm": "q2",
        "deny": "bye_failed",
        "unsure": "q2",
        "silence": "retry_silence",
        "*": "bye_failed"
      }
    },

    "bye": {
      "message_text": "Excellent ! Un technicien vous appellera sous 24h...",
      "audio_file": "/usr/share/freeswitch/sounds/minibot/julie/base/bye.wav",
      "audio_type": "audio",
      "voice": "julie",
      "barge_in": false,
      "timeout": 5,
      "result": "completed",
      "intent_mapping": {
        "*": "end"
      }
    },

    "end": {
      "message_text": "",
      "audio_type": "none",
      "voice": "julie",
      "barge_in": false,
      "timeout": 0,
      "result": "ended",
      "intent_mapping": {}
    }
  }
}
"""#
}
